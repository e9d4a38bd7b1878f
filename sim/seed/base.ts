/**
 * The base seed: users, organizations with teams, repositories with real git
 * history (several authors, branches, tags), collaborators and one `all`
 * PAT per user. Dates are fixed so commit SHAs are the same on every run;
 * tokens are random, and only their SHA-256 is kept in state.
 * Other seed parts (issues, pulls, releases, wiki) build on `BaseSeed`.
 */
import { randomBytes } from 'node:crypto';
import type { SimContext } from '../context.js';
import { type CommitFile, commitFiles, createTag } from '../git-write.js';
import { sha256Hex } from '../http/auth.js';
import { ALL_SCOPE } from '../scopes.js';
import { createRepository, forkRepository, gitSignatureOf, setBranch } from '../services/repo-create.js';
import { setRepoTopics } from '../services/topics.js';
import type { SimCollaborator, SimRepo, SimTeam, SimUser, Visibility } from '../state.js';
import type { SeededUser } from './index.js';

/** 2024-03-01T09:00:00Z: day 0 of the seed's timeline. */
export const SEED_EPOCH = Date.UTC(2024, 2, 1, 9, 0, 0);

/** A fixed seed timestamp `days` (and `hours`) after SEED_EPOCH. */
export function seedDate(days: number, hours = 0): Date {
  return new Date(SEED_EPOCH + (days * 24 + hours) * 3600_000);
}

/** References other seed parts build on. */
export interface BaseSeed {
  users: { admin: SimUser; alice: SimUser; bob: SimUser; carol: SimUser; dave: SimUser };
  orgs: { acme: SimUser; opensource: SimUser };
  teams: { acmeOwners: SimTeam; acmeDevelopers: SimTeam; opensourceOwners: SimTeam; opensourceTriage: SimTeam };
  repos: {
    /** alice/hello-world: public; bob write, carol read; branches develop, feature/greeting; tags v0.1.0, v1.0.0. */
    helloWorld: SimRepo;
    /** alice/secret-notes: private; carol read; invisible to bob and dave. */
    secretNotes: SimRepo;
    /** acme/platform: private org repo; acme developers (bob, carol) write. */
    platform: SimRepo;
    /** bob/dotfiles: public; alice admin collaborator. */
    dotfiles: SimRepo;
    /** opensource/website: public org repo; branch gh-pages. */
    website: SimRepo;
    /** carol/hello-world: fork of alice/hello-world. */
    helloWorldFork: SimRepo;
    /** carol/sandbox: public and empty (no commits). */
    sandbox: SimRepo;
  };
  /** Seeded users with their plaintext passwords and `all` tokens, in creation order. */
  seededUsers: SeededUser[];
}

interface UserSpec {
  login: string;
  fullName: string;
  isAdmin?: boolean;
  visibility?: Visibility;
  keepEmailPrivate?: boolean;
  description?: string;
  location?: string;
  website?: string;
}

function addAccount(sim: SimContext, spec: UserSpec, type: SimUser['type'], day: number): SimUser {
  const user: SimUser = {
    id: sim.state.nextId('user'),
    type,
    login: spec.login,
    fullName: spec.fullName,
    email: type === 'user' ? `${spec.login}@example.com` : `contact@${spec.login}.example`,
    password: type === 'user' ? `${spec.login}-password-1` : '',
    isAdmin: spec.isAdmin ?? false,
    visibility: spec.visibility ?? 'public',
    keepEmailPrivate: spec.keepEmailPrivate ?? false,
    active: true,
    prohibitLogin: false,
    restricted: false,
    description: spec.description ?? '',
    website: spec.website ?? '',
    location: spec.location ?? '',
    language: type === 'user' ? 'en-US' : '',
    created: seedDate(day),
    lastLogin: type === 'user' ? seedDate(day + 30) : new Date(0),
    followers: new Set(),
    following: new Set(),
  };
  sim.state.users.set(user.id, user);
  return user;
}

/** Adds a PAT for `user` with scope `all`; returns the plaintext token (40 hex, like Gitea's). */
export function addSeedToken(sim: SimContext, user: SimUser, name = 'seed'): string {
  const token = randomBytes(20).toString('hex');
  const id = sim.state.nextId('token');
  sim.state.tokens.set(id, {
    id,
    userId: user.id,
    name,
    tokenSha256: sha256Hex(token),
    tokenLastEight: token.slice(-8),
    scope: ALL_SCOPE,
    created: sim.now(),
  });
  return token;
}

function addTeam(
  sim: SimContext,
  org: SimUser,
  name: string,
  permission: SimTeam['permission'],
  members: SimUser[],
  opts: { description?: string; includesAll?: boolean; repos?: SimRepo[]; canCreate?: boolean } = {},
): SimTeam {
  const team: SimTeam = {
    id: sim.state.nextId('team'),
    orgId: org.id,
    name,
    description: opts.description ?? '',
    permission,
    includesAllRepositories: opts.includesAll ?? permission === 'owner',
    canCreateOrgRepo: opts.canCreate ?? permission === 'owner',
    memberIds: new Set(members.map((m) => m.id)),
    repoIds: new Set((opts.repos ?? []).map((r) => r.id)),
  };
  sim.state.teams.set(team.id, team);
  return team;
}

function addCollaborator(sim: SimContext, repo: SimRepo, user: SimUser, permission: SimCollaborator['permission']) {
  sim.state.collaborators.push({ repoId: repo.id, userId: user.id, permission });
}

/** One commit of a scripted history. */
interface Step {
  by: SimUser;
  day: number;
  message: string;
  files: CommitFile[];
  branch?: string;
}

async function history(sim: SimContext, repo: SimRepo, steps: Step[]): Promise<string[]> {
  const shas: string[] = [];
  for (const s of steps) {
    const sig = gitSignatureOf(sim, s.by, seedDate(s.day, shas.length % 8));
    shas.push(
      await commitFiles(repo.gitDir, {
        branch: s.branch ?? repo.defaultBranch,
        files: s.files,
        message: s.message,
        author: sig,
      }),
    );
  }
  repo.updated = seedDate(steps.at(-1)?.day ?? 0, 12);
  return shas;
}

async function newRepo(
  sim: SimContext,
  owner: SimUser,
  doer: SimUser,
  name: string,
  day: number,
  opts: { description: string; private?: boolean; website?: string; topics?: string[] },
): Promise<SimRepo> {
  const repo = await createRepository(sim, owner, { name, doer, ...opts });
  repo.created = seedDate(day);
  repo.updated = seedDate(day);
  setRepoTopics(sim, repo, opts.topics ?? []);
  repo.stars = new Set();
  return repo;
}

const HELLO_README = `# hello-world

A tiny TypeScript greeter used to demo Gatea against a Gitea simulator.

## Usage

\`\`\`sh
npm install
npm start -- --name World
\`\`\`
`;

async function seedHelloWorld(sim: SimContext, alice: SimUser, bob: SimUser): Promise<SimRepo> {
  const repo = await newRepo(sim, alice, alice, 'hello-world', 2, {
    description: 'A tiny TypeScript greeter',
    website: 'https://example.com/hello-world',
    topics: ['demo', 'typescript'],
  });
  const [first, , third] = await history(sim, repo, [
    {
      by: alice,
      day: 2,
      message: 'Initial commit',
      files: [
        { path: 'README.md', content: '# hello-world\n' },
        {
          path: 'package.json',
          content: '{\n  "name": "hello-world",\n  "version": "0.1.0",\n  "type": "module"\n}\n',
        },
      ],
    },
    {
      by: alice,
      day: 3,
      message: 'Add greeter',
      files: [
        {
          path: 'src/greet.ts',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: seeded TypeScript source text
          content: 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
        },
        { path: 'src/main.ts', content: "import { greet } from './greet.js';\n\nconsole.log(greet('World'));\n" },
      ],
    },
    {
      by: bob,
      day: 5,
      message: 'Document usage in README\n\nExplain how to install and run the greeter.',
      files: [{ path: 'README.md', content: HELLO_README }],
    },
    {
      by: alice,
      day: 8,
      message: 'Read the name from the command line',
      files: [
        {
          path: 'src/main.ts',
          content:
            "import { greet } from './greet.js';\n\nconst i = process.argv.indexOf('--name');\nconsole.log(greet(i > 0 ? (process.argv[i + 1] ?? 'World') : 'World'));\n",
        },
        {
          path: 'package.json',
          content: '{\n  "name": "hello-world",\n  "version": "1.0.0",\n  "type": "module"\n}\n',
        },
      ],
    },
  ]);
  if (!first || !third) throw new TypeError('seed history of hello-world is incomplete');
  await createTag(repo.gitDir, 'v0.1.0', first);
  const head = await commitFiles(repo.gitDir, {
    branch: repo.defaultBranch,
    files: [{ path: 'LICENSE', content: 'MIT License\n\nCopyright (c) 2024 Alice Liddell\n' }],
    message: 'Add MIT license',
    author: gitSignatureOf(sim, alice, seedDate(9)),
  });
  await createTag(repo.gitDir, 'v1.0.0', head, {
    tagger: gitSignatureOf(sim, alice, seedDate(9, 2)),
    message: 'First stable release',
  });
  await setBranch(repo.gitDir, 'develop', head);
  // feature/greeting forks off develop and carries one commit of bob's.
  await setBranch(repo.gitDir, 'feature/greeting', head);
  await history(sim, repo, [
    {
      by: bob,
      day: 11,
      branch: 'feature/greeting',
      message: 'Greet in several languages',
      files: [
        {
          path: 'src/greet.ts',
          content:
            // biome-ignore lint/suspicious/noTemplateCurlyInString: seeded TypeScript source text
            "const HELLO: Record<string, string> = { en: 'Hello', de: 'Hallo', fr: 'Bonjour' };\n\nexport function greet(name: string, lang = 'en'): string {\n  return `${HELLO[lang] ?? HELLO.en}, ${name}!`;\n}\n",
        },
      ],
    },
  ]);
  return repo;
}

async function seedSecretNotes(sim: SimContext, alice: SimUser): Promise<SimRepo> {
  const repo = await newRepo(sim, alice, alice, 'secret-notes', 4, {
    description: 'Private notes',
    private: true,
  });
  await history(sim, repo, [
    { by: alice, day: 4, message: 'Start notes', files: [{ path: 'notes.md', content: '# Notes\n\n- buy milk\n' }] },
    {
      by: alice,
      day: 6,
      message: 'Add ideas',
      files: [{ path: 'ideas/gatea.md', content: '# Gatea\n\nAn MCP gateway for Gitea.\n' }],
    },
  ]);
  return repo;
}

async function seedPlatform(sim: SimContext, acme: SimUser, alice: SimUser, carol: SimUser): Promise<SimRepo> {
  const repo = await newRepo(sim, acme, alice, 'platform', 6, {
    description: 'ACME internal platform services',
    private: true,
    topics: ['go', 'internal'],
  });
  const shas = await history(sim, repo, [
    {
      by: alice,
      day: 6,
      message: 'Bootstrap platform service',
      files: [
        { path: 'README.md', content: '# platform\n\nACME internal platform services.\n' },
        { path: 'go.mod', content: 'module acme.example/platform\n\ngo 1.22\n' },
        {
          path: 'cmd/server/main.go',
          content: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
        },
      ],
    },
    {
      by: carol,
      day: 10,
      message: 'Add health endpoint',
      files: [
        {
          path: 'cmd/server/main.go',
          content:
            'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {\n\t\tw.Write([]byte("ok"))\n\t})\n\thttp.ListenAndServe(":8080", nil)\n}\n',
        },
      ],
    },
  ]);
  const tip = shas.at(-1);
  if (!tip) throw new TypeError('seed history of platform is empty');
  await setBranch(repo.gitDir, 'release/1.0', tip);
  await createTag(repo.gitDir, 'v1.0.0', tip, {
    tagger: gitSignatureOf(sim, carol, seedDate(10, 3)),
    message: 'platform 1.0.0',
  });
  return repo;
}

async function seedDotfiles(sim: SimContext, bob: SimUser): Promise<SimRepo> {
  const repo = await newRepo(sim, bob, bob, 'dotfiles', 7, { description: "Bob's shell and editor settings" });
  await history(sim, repo, [
    {
      by: bob,
      day: 7,
      message: 'Add bashrc and vimrc',
      files: [
        { path: '.bashrc', content: 'export EDITOR=vim\nalias ll="ls -la"\n' },
        { path: '.vimrc', content: 'set number\nsyntax on\n' },
      ],
    },
    { by: bob, day: 12, message: 'Add gitconfig', files: [{ path: '.gitconfig', content: '[user]\n\tname = Bob\n' }] },
  ]);
  return repo;
}

async function seedWebsite(sim: SimContext, org: SimUser, bob: SimUser, carol: SimUser): Promise<SimRepo> {
  const repo = await newRepo(sim, org, bob, 'website', 8, {
    description: 'The opensource collective website',
    website: 'https://opensource.example.org',
    topics: ['website', 'html'],
  });
  const shas = await history(sim, repo, [
    {
      by: bob,
      day: 8,
      message: 'Initial site',
      files: [
        { path: 'README.md', content: '# website\n\nStatic site of the opensource collective.\n' },
        { path: 'index.html', content: '<!doctype html>\n<title>opensource</title>\n<h1>Welcome</h1>\n' },
      ],
    },
    {
      by: carol,
      day: 13,
      message: 'Add about page',
      files: [{ path: 'about.html', content: '<!doctype html>\n<title>About</title>\n<p>We build things.</p>\n' }],
    },
  ]);
  const tip = shas.at(-1);
  if (!tip) throw new TypeError('seed history of website is empty');
  await setBranch(repo.gitDir, 'gh-pages', tip);
  return repo;
}

/** Seeds accounts, teams, repositories and collaborators; returns what later seed parts need. */
export async function seedBase(sim: SimContext): Promise<BaseSeed> {
  const admin = addAccount(sim, { login: 'admin', fullName: 'Site Admin', isAdmin: true }, 'user', 0);
  const alice = addAccount(
    sim,
    { login: 'alice', fullName: 'Alice Liddell', location: 'Oxford', description: 'Maintainer of hello-world' },
    'user',
    1,
  );
  const bob = addAccount(sim, { login: 'bob', fullName: 'Bob Builder', keepEmailPrivate: true }, 'user', 1);
  const carol = addAccount(
    sim,
    { login: 'carol', fullName: 'Carol Danvers', website: 'https://carol.example' },
    'user',
    1,
  );
  const dave = addAccount(sim, { login: 'dave', fullName: 'Dave Private', visibility: 'private' }, 'user', 2);
  const acme = addAccount(
    sim,
    { login: 'acme', fullName: 'ACME Corp', description: 'ACME Corporation', website: 'https://acme.example' },
    'organization',
    2,
  );
  const opensource = addAccount(
    sim,
    { login: 'opensource', fullName: 'Open Source Collective', description: 'Public projects' },
    'organization',
    2,
  );
  acme.publicMemberIds = new Set([alice.id]);
  opensource.publicMemberIds = new Set([bob.id]);
  alice.followers.add(bob.id);
  bob.following.add(alice.id);

  const acmeOwners = addTeam(sim, acme, 'Owners', 'owner', [alice]);
  const opensourceOwners = addTeam(sim, opensource, 'Owners', 'owner', [bob]);

  const helloWorld = await seedHelloWorld(sim, alice, bob);
  const secretNotes = await seedSecretNotes(sim, alice);
  const platform = await seedPlatform(sim, acme, alice, carol);
  const dotfiles = await seedDotfiles(sim, bob);
  const website = await seedWebsite(sim, opensource, bob, carol);
  const helloWorldFork = await forkRepository(sim, helloWorld, carol, 'hello-world', carol);
  helloWorldFork.created = seedDate(14);
  helloWorldFork.updated = seedDate(14);
  const sandbox = await newRepo(sim, carol, carol, 'sandbox', 15, { description: 'Nothing here yet' });

  const acmeDevelopers = addTeam(sim, acme, 'developers', 'write', [bob, carol], {
    description: 'ACME developers',
    includesAll: false,
    repos: [platform],
    canCreate: true,
  });
  const opensourceTriage = addTeam(sim, opensource, 'triage', 'read', [carol], {
    description: 'Issue triagers',
    includesAll: true,
  });

  addCollaborator(sim, helloWorld, bob, 'write');
  addCollaborator(sim, helloWorld, carol, 'read');
  addCollaborator(sim, secretNotes, carol, 'read');
  addCollaborator(sim, dotfiles, alice, 'admin');

  helloWorld.stars = new Set([bob.id, carol.id]);
  website.stars = new Set([alice.id]);
  helloWorld.watchers.add(bob.id);

  const seededUsers: SeededUser[] = [admin, alice, bob, carol, dave].map((u) => ({
    login: u.login,
    password: u.password,
    token: addSeedToken(sim, u),
    admin: u.isAdmin,
  }));
  return {
    users: { admin, alice, bob, carol, dave },
    orgs: { acme, opensource },
    teams: { acmeOwners, acmeDevelopers, opensourceOwners, opensourceTriage },
    repos: { helloWorld, secretNotes, platform, dotfiles, website, helloWorldFork, sandbox },
    seededUsers,
  };
}
