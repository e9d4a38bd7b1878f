/**
 * Reading repository content from a bare git repository with plumbing
 * commands: ref resolution (branch, tag, full or short SHA, in Gitea's
 * order), tree entries, blobs, commits, history with paging, diffs and
 * compares. Writes live in git-write.ts, merges in git-merge.ts.
 */
import { runGit } from './git.js';

/** Who wrote or committed a commit, and when. */
export interface GitSignature {
  name: string;
  email: string;
  date: Date;
}

/** A failure with a stable code; routes turn it into Gitea's status and message. */
export type GitContentErrorCode =
  | 'not_found'
  | 'ref_conflict'
  | 'already_exists'
  | 'sha_mismatch'
  | 'path_invalid'
  | 'merge_conflict'
  | 'not_fast_forward'
  | 'nothing_to_merge';

/** A content-layer failure; `message` is already the text Gitea would put in its error body. */
export class GitContentError extends Error {
  constructor(
    readonly code: GitContentErrorCode,
    message: string,
    /** Conflicting paths for merge_conflict. */
    readonly paths: string[] = [],
  ) {
    super(message);
    this.name = 'GitContentError';
  }
}

/** The SHA-1 of git's empty tree, the "parent" of a root commit in diffs. */
export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** git update-ref's "must not exist" old value. */
export const ZERO_SHA = '0000000000000000000000000000000000000000';

export type RefKind = 'branch' | 'tag' | 'commit';

/** A ref resolved the way Gitea's RepoRefForAPI does it. */
export interface ResolvedRef {
  kind: RefKind;
  /** Short name as given (branch or tag name, or the SHA as typed). */
  name: string;
  /** Commit SHA the ref points at (tags are peeled). */
  sha: string;
}

async function text(gitDir: string, args: string[], okExitCodes?: number[]): Promise<string | null> {
  const r = await runGit(gitDir, args, { okExitCodes });
  return r.exitCode === 0 ? r.stdout.toString() : null;
}

/** Commit SHA of an exact ref name (`refs/heads/x`), or null. */
export async function refCommit(gitDir: string, fullRef: string): Promise<string | null> {
  const out = await text(gitDir, ['rev-parse', '--verify', '--quiet', `${fullRef}^{commit}`], [1, 128]);
  return out === null ? null : out.trim();
}

/** True when the repository has no branch yet (Gitea's IsEmpty). */
export async function isEmptyRepo(gitDir: string): Promise<boolean> {
  const out = await text(gitDir, ['for-each-ref', '--count=1', '--format=%(refname)', 'refs/heads/']);
  return (out ?? '').trim() === '';
}

/**
 * Resolves a branch, tag or (short) commit SHA, in that order as Gitea does,
 * to its commit; null when none matches.
 */
export async function resolveRef(gitDir: string, ref: string): Promise<ResolvedRef | null> {
  if (ref === '' || ref.startsWith('-')) return null;
  const branch = await refCommit(gitDir, `refs/heads/${ref}`);
  if (branch) return { kind: 'branch', name: ref, sha: branch };
  const tag = await refCommit(gitDir, `refs/tags/${ref}`);
  if (tag) return { kind: 'tag', name: ref, sha: tag };
  if (/^[0-9a-f]{4,40}$/i.test(ref)) {
    const sha = await refCommit(gitDir, ref.toLowerCase());
    if (sha) return { kind: 'commit', name: ref, sha };
  }
  return null;
}

/**
 * What `git cat-file --batch-check` makes of `name` without peeling (Gitea's
 * GetRefCommitID): a branch or lightweight tag → its commit, an annotated tag
 * → the tag object, an (abbreviated) id → that object. Null when nothing matches.
 */
export async function resolveObject(gitDir: string, name: string): Promise<{ sha: string; type: string } | null> {
  if (name === '' || name.startsWith('-')) return null;
  const sha = (await text(gitDir, ['rev-parse', '--verify', '--quiet', `${name}^{object}`], [1, 128]))?.trim();
  if (!sha) return null;
  const type = (await text(gitDir, ['cat-file', '-t', sha], [1, 128]))?.trim();
  return type ? { sha, type } : null;
}

/** The object type of `sha` (`blob`, `tree`, `commit`, `tag`), or null when it does not exist. */
export async function objectType(gitDir: string, sha: string): Promise<string | null> {
  if (!/^[0-9a-f]{4,40}$/i.test(sha)) return null;
  const out = await text(gitDir, ['cat-file', '-t', sha], [1, 128]);
  return out === null ? null : out.trim();
}

/** Expands a (short) object id to the full SHA, or null. */
export async function expandSha(gitDir: string, sha: string): Promise<string | null> {
  if (!/^[0-9a-f]{4,40}$/i.test(sha)) return null;
  const out = await text(gitDir, ['rev-parse', '--verify', '--quiet', sha], [1, 128]);
  return out === null ? null : out.trim();
}

// ---- trees and blobs --------------------------------------------------------

/** One entry of a git tree as `ls-tree -l` reports it. */
export interface TreeEntry {
  /** Octal mode, six digits: 100644, 100755, 120000, 040000, 160000. */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Blob size in bytes; 0 for trees and submodules. */
  size: number;
  /** Path relative to the listed tree. */
  path: string;
}

function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const rec of out.toString('utf8').split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode = '', type = '', sha = '', size = '-'] = rec.slice(0, tab).trim().split(/\s+/);
    if (type !== 'blob' && type !== 'tree' && type !== 'commit') continue;
    entries.push({
      mode: mode.padStart(6, '0'),
      type,
      sha,
      size: size === '-' ? 0 : Number(size),
      path: rec.slice(tab + 1),
    });
  }
  return entries;
}

/** Lists a tree-ish (commit, tree or `<commit>:<dir>`); `recursive` includes subtrees, like Gitea's ListEntriesRecursiveWithSize. */
export async function listTree(
  gitDir: string,
  treeish: string,
  opts: { recursive?: boolean } = {},
): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-l', '-z', ...(opts.recursive ? ['-r', '-t'] : []), treeish];
  const r = await runGit(gitDir, args, { okExitCodes: [128] });
  if (r.exitCode !== 0) throw new GitContentError('not_found', `object does not exist [id: ${treeish}, rel_path: ]`);
  return parseLsTree(r.stdout);
}

/** The entry at `path` in commit `sha` (root tree for ''), or null when absent. */
export async function entryAt(gitDir: string, sha: string, path: string): Promise<TreeEntry | null> {
  if (path === '') {
    const tree = await text(gitDir, ['rev-parse', `${sha}^{tree}`], [128]);
    return tree === null ? null : { mode: '040000', type: 'tree', sha: tree.trim(), size: 0, path: '' };
  }
  const r = await runGit(gitDir, ['ls-tree', '-l', '-z', sha, '--', path], { okExitCodes: [128] });
  if (r.exitCode !== 0) return null;
  return parseLsTree(r.stdout).find((e) => e.path === path) ?? null;
}

/** Entries of the directory `path` in commit `sha`, with paths relative to the repository root. */
export async function listDir(gitDir: string, sha: string, path: string): Promise<TreeEntry[]> {
  const entries = await listTree(gitDir, path === '' ? sha : `${sha}:${path}`);
  return entries.map((e) => ({ ...e, path: path === '' ? e.path : `${path}/${e.path}` }));
}

/** Raw bytes of a blob, or null when `sha` is not a blob. */
export async function readBlob(gitDir: string, sha: string): Promise<Buffer | null> {
  if ((await objectType(gitDir, sha)) !== 'blob') return null;
  return (await runGit(gitDir, ['cat-file', 'blob', sha])).stdout;
}

// ---- commits ---------------------------------------------------------------

/** A parsed commit. Dates keep git's instant; `*Iso` keep the commit's own zone as Gitea prints it. */
export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  authorIso: string;
  committerIso: string;
  /** Full message, trailing newline included as git stores it. */
  message: string;
}

const LOG_FORMAT = '%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x1e';

/** Go's RFC 3339 prints a zero offset as `Z`. */
function goIso(iso: string): string {
  return iso.replace(/[+-]00:00$/, 'Z');
}

function parseLog(out: string): CommitInfo[] {
  const commits: CommitInfo[] = [];
  for (let rec of out.split('\x1e')) {
    rec = rec.replace(/^\n/, '');
    if (!rec) continue;
    const [sha = '', tree = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', ...msg] =
      rec.split('\0');
    commits.push({
      sha,
      tree,
      parents: parents ? parents.split(' ') : [],
      author: { name: an, email: ae, date: new Date(ad) },
      committer: { name: cn, email: ce, date: new Date(cd) },
      authorIso: goIso(ad),
      committerIso: goIso(cd),
      message: msg.join('\0'),
    });
  }
  return commits;
}

/** One commit by SHA or ref, or null when it does not exist. */
export async function readCommit(gitDir: string, rev: string): Promise<CommitInfo | null> {
  if (rev.startsWith('-')) return null;
  const r = await runGit(gitDir, ['log', '-1', `--format=${LOG_FORMAT}`, `${rev}^{commit}`, '--'], {
    okExitCodes: [128],
  });
  if (r.exitCode !== 0) return null;
  return parseLog(r.stdout.toString('utf8'))[0] ?? null;
}

export interface LogOptions {
  /** Revision or range (`a..b`). */
  rev: string;
  /** Only commits touching this path. */
  path?: string;
  skip?: number;
  limit?: number;
  since?: string;
  until?: string;
  /** Exclude commits reachable from these revisions (Gitea's `not`). */
  not?: string[];
}

function logArgs(o: LogOptions): string[] {
  return [
    ...(o.since ? [`--since=${o.since}`] : []),
    ...(o.until ? [`--until=${o.until}`] : []),
    o.rev,
    ...(o.not ?? []).map((n) => `^${n}`),
    '--',
    ...(o.path ? [o.path] : []),
  ];
}

/** Commits newest first, like `git log`, with skip/limit paging. */
export async function logCommits(gitDir: string, o: LogOptions): Promise<CommitInfo[]> {
  const args = ['log', `--format=${LOG_FORMAT}`];
  if (o.skip) args.push(`--skip=${o.skip}`);
  if (o.limit !== undefined) args.push(`--max-count=${o.limit}`);
  const out = await runGit(gitDir, [...args, ...logArgs(o)]);
  return parseLog(out.stdout.toString('utf8'));
}

/** Number of commits `logCommits` would list without paging. */
export async function countCommits(gitDir: string, o: LogOptions): Promise<number> {
  const out = await runGit(gitDir, ['rev-list', '--count', ...logArgs(o)]);
  return Number(out.stdout.toString().trim());
}

/** The newest commit at or before `sha` that touched `path` (Gitea's GetCommitByPath). */
export async function lastCommitFor(gitDir: string, sha: string, path: string): Promise<CommitInfo | null> {
  const [c] = await logCommits(gitDir, { rev: sha, path: path || undefined, limit: 1 });
  return c ?? null;
}

// ---- diffs -----------------------------------------------------------------

export type FileStatus = 'added' | 'removed' | 'modified';

/** A changed file between two trees (no rename detection, as Gitea's GetCommitFileStatus). */
export interface ChangedFile {
  filename: string;
  status: FileStatus;
}

/** Files changed by `sha` against its first parent (root commits: against the empty tree). */
export async function commitChangedFiles(gitDir: string, sha: string): Promise<ChangedFile[]> {
  const c = await readCommit(gitDir, sha);
  if (!c) throw new GitContentError('not_found', `object does not exist [id: ${sha}, rel_path: ]`);
  return changedFiles(gitDir, c.parents[0] ?? EMPTY_TREE_SHA, c.sha);
}

/** Files changed between two tree-ishes. */
export async function changedFiles(gitDir: string, from: string, to: string): Promise<ChangedFile[]> {
  const out = await runGit(gitDir, ['diff-tree', '-r', '-z', '--name-status', '--no-renames', from, to]);
  const parts = out.stdout.toString('utf8').split('\0').filter(Boolean);
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const s = parts[i] ?? '';
    const status: FileStatus = s.startsWith('A') ? 'added' : s.startsWith('D') ? 'removed' : 'modified';
    files.push({ filename: parts[i + 1] ?? '', status });
  }
  return files;
}

/** Line additions and deletions between two tree-ishes (`git diff --shortstat`). */
export async function diffStats(
  gitDir: string,
  from: string,
  to: string,
): Promise<{ additions: number; deletions: number }> {
  const out = (await runGit(gitDir, ['diff', '--shortstat', from, to])).stdout.toString();
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  return { additions: num(/(\d+) insertion/), deletions: num(/(\d+) deletion/) };
}

/** Additions and deletions of one commit against its first parent. */
export async function commitStats(gitDir: string, c: CommitInfo): Promise<{ additions: number; deletions: number }> {
  return diffStats(gitDir, c.parents[0] ?? EMPTY_TREE_SHA, c.sha);
}

/**
 * Gitea's GetRawDiff for one commit: `diff -M parent commit` (root: `show`),
 * or `format-patch` for `patch`.
 */
export async function rawCommitDiff(gitDir: string, sha: string, kind: 'diff' | 'patch'): Promise<string> {
  const c = await readCommit(gitDir, sha);
  if (!c) throw new GitContentError('not_found', sha);
  const parent = c.parents[0];
  let args: string[];
  if (kind === 'diff') args = parent ? ['diff', '-M', parent, c.sha] : ['show', c.sha];
  else
    args = parent
      ? ['format-patch', '--no-signature', '--stdout', `${c.sha}...${parent}`]
      : ['format-patch', '--no-signature', '--stdout', '--root', c.sha];
  return (await runGit(gitDir, args)).stdout.toString('utf8');
}

/** Unified diff or patch series between two revisions (for pull requests: base is the merge base). */
export async function rawRangeDiff(
  gitDir: string,
  base: string,
  head: string,
  kind: 'diff' | 'patch',
): Promise<string> {
  const args =
    kind === 'diff'
      ? ['diff', '-M', base, head]
      : ['format-patch', '--no-signature', '--stdout', '--root', `${head}...${base}`];
  return (await runGit(gitDir, args)).stdout.toString('utf8');
}

/** The best common ancestor of two commits, or null when they share none. */
export async function mergeBase(gitDir: string, a: string, b: string): Promise<string | null> {
  const out = await text(gitDir, ['merge-base', a, b], [1]);
  return out === null ? null : out.trim() || null;
}

/** True when `ancestor` is reachable from `descendant`. */
export async function isAncestor(gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  const r = await runGit(gitDir, ['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [1] });
  return r.exitCode === 0;
}

/** What `base...head` contains: the merge base, head's commits since it (newest first) and the changed files. */
export interface CompareResult {
  baseSha: string;
  headSha: string;
  mergeBase: string;
  commits: CommitInfo[];
  files: ChangedFile[];
  additions: number;
  deletions: number;
}

/** Compares two commits like Gitea's GetCompareInfo (three-dot: from the merge base). */
export async function compareCommits(gitDir: string, baseSha: string, headSha: string): Promise<CompareResult> {
  const mb = (await mergeBase(gitDir, baseSha, headSha)) ?? baseSha;
  const commits = await logCommits(gitDir, { rev: `${mb}..${headSha}` });
  const files = await changedFiles(gitDir, mb, headSha);
  const stats = await diffStats(gitDir, mb, headSha);
  return { baseSha, headSha, mergeBase: mb, commits, files, ...stats };
}

// ---- refs and tags ---------------------------------------------------------

/** A ref with the object it points at. */
export interface GitRef {
  /** Full name, e.g. `refs/heads/main`. */
  ref: string;
  sha: string;
  /** Object type: `commit` or `tag` (annotated). */
  type: string;
}

/** All refs under `prefix` (default: all), sorted by name like `for-each-ref`. */
export async function listRefs(gitDir: string, prefix = 'refs/'): Promise<GitRef[]> {
  const out = await runGit(gitDir, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)', prefix]);
  return out.stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref = '', sha = '', type = ''] = line.split('\0');
      return { ref, sha, type };
    });
}

/** A branch and its head commit. */
export interface BranchInfo {
  name: string;
  commit: CommitInfo;
}

/** Branches sorted by name, each with its head commit. */
export async function listBranches(gitDir: string): Promise<BranchInfo[]> {
  const refs = await listRefs(gitDir, 'refs/heads/');
  const out: BranchInfo[] = [];
  for (const r of refs) {
    const commit = await readCommit(gitDir, r.sha);
    if (commit) out.push({ name: r.ref.slice('refs/heads/'.length), commit });
  }
  return out;
}

/** A tag as Gitea's git.Tag sees it: lightweight tags borrow the commit's message and committer. */
export interface TagInfo {
  name: string;
  /** Tag object SHA for annotated tags, commit SHA for lightweight ones. */
  id: string;
  commitSha: string;
  annotated: boolean;
  message: string;
  tagger: GitSignature;
  taggerIso: string;
}

const TAG_FORMAT = [
  '%(refname:lstrip=2)',
  '%(objectname)',
  '%(objecttype)',
  '%(*objectname)',
  '%(taggername)',
  '%(taggeremail:trim)',
  '%(taggerdate:iso-strict)',
  '%(contents)',
].join('%00');

/** Tags, newest first by tagger (or commit) date, then by name. */
export async function listTags(gitDir: string): Promise<TagInfo[]> {
  const out = await runGit(gitDir, ['for-each-ref', `--format=${TAG_FORMAT}%1e`, 'refs/tags/']);
  const tags: TagInfo[] = [];
  for (let rec of out.stdout.toString('utf8').split('\x1e')) {
    rec = rec.replace(/^\n/, '');
    if (!rec) continue;
    const [name = '', id = '', type = '', peeled = '', tn = '', te = '', td = '', ...msg] = rec.split('\0');
    if (type === 'tag') {
      tags.push({
        name,
        id,
        commitSha: peeled,
        annotated: true,
        message: msg.join('\0'),
        tagger: { name: tn, email: te, date: new Date(td) },
        taggerIso: goIso(td),
      });
      continue;
    }
    const c = await readCommit(gitDir, id);
    if (!c) continue;
    tags.push({
      name,
      id,
      commitSha: c.sha,
      annotated: false,
      message: c.message,
      tagger: c.committer,
      taggerIso: c.committerIso,
    });
  }
  return tags.sort((a, b) => b.tagger.date.getTime() - a.tagger.date.getTime() || a.name.localeCompare(b.name));
}

/** One tag by name, or null. */
export async function getTag(gitDir: string, name: string): Promise<TagInfo | null> {
  return (await listTags(gitDir)).find((t) => t.name === name) ?? null;
}
