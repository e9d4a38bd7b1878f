/**
 * Samples for repository content routes (contents, raw, git trees and blobs,
 * branches, commits, compare, refs, tags). Reads use the seeded
 * alice/hello-world; writes use carol/content-samples, which the first sample
 * creates (auto_init) and the last one deletes, so the seed stays untouched.
 */
import type { RouteSample } from './types.js';

const R = '/repos/carol/content-samples';
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Blob SHA of the seeded hello-world LICENSE, as `git hash-object` computes it. */
const LICENSE_BLOB = 'fd8d18bee0d166a01a7b46fe50b74583102162be';

export const contentSamples: RouteSample[] = [
  {
    method: 'POST',
    route: '/user/repos',
    path: '/user/repos',
    as: 'carol',
    json: { name: 'content-samples', auto_init: true },
    status: 201,
  },
  // reads on the seed
  { method: 'GET', route: '/repos/{owner}/{repo}/contents', path: '/repos/alice/hello-world/contents', status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/contents/{filepath}',
    path: '/repos/alice/hello-world/contents/src/greet.ts?ref=develop',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/raw/{filepath}',
    path: '/repos/alice/hello-world/raw/README.md',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/git/trees/{sha}',
    path: '/repos/alice/hello-world/git/trees/main?recursive=true&per_page=3',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/git/blobs/{sha}',
    path: `/repos/alice/hello-world/git/blobs/${LICENSE_BLOB}`,
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/branches', path: '/repos/alice/hello-world/branches', status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/branches/{branch}',
    path: '/repos/alice/hello-world/branches/feature/greeting',
    as: 'bob',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/commits',
    path: '/repos/alice/hello-world/commits?sha=main&limit=2',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/git/commits/{sha}',
    path: '/repos/alice/hello-world/git/commits/v1.0.0',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/git/commits/{sha}.{diffType}',
    path: '/repos/alice/hello-world/git/commits/develop.patch',
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/compare/{basehead}',
    path: '/repos/alice/hello-world/compare/main...feature/greeting',
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/git/refs', path: '/repos/alice/hello-world/git/refs', status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/git/refs/{ref}',
    path: '/repos/alice/hello-world/git/refs/heads',
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/tags', path: '/repos/alice/hello-world/tags', status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/tags/{tag}',
    path: '/repos/alice/hello-world/tags/v1.0.0',
    status: 200,
  },
  // writes on carol/content-samples
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/contents/{filepath}',
    path: `${R}/contents/docs/intro.md`,
    as: 'carol',
    json: { content: b64('# Intro\n'), message: 'Add intro' },
    status: 201,
  },
  {
    method: 'PUT',
    route: '/repos/{owner}/{repo}/contents/{filepath}',
    path: `${R}/contents/docs/intro.md`,
    as: 'carol',
    json: { content: b64('# Introduction\n') },
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/contents',
    path: `${R}/contents`,
    as: 'carol',
    json: {
      message: 'Reorganise docs',
      files: [
        { operation: 'create', path: 'docs/usage.md', content: b64('usage\n') },
        { operation: 'rename', path: 'docs/index.md', from_path: 'docs/intro.md' },
      ],
    },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/contents/{filepath}',
    path: `${R}/contents/docs/usage.md`,
    as: 'carol',
    // blob SHA of "usage\n"
    json: { sha: '15e6c9f055da3f3ffd9c975f5445b52bf43adca8' },
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/branches',
    path: `${R}/branches`,
    as: 'carol',
    json: { new_branch_name: 'topic' },
    status: 201,
  },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/branches/{branch}',
    path: `${R}/branches/topic`,
    as: 'carol',
    json: { name: 'feature/topic' },
    status: 204,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/branches/{branch}',
    path: `${R}/branches/feature/topic`,
    as: 'carol',
    status: 204,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/tags',
    path: `${R}/tags`,
    as: 'carol',
    json: { tag_name: 'v0.1.0', message: 'First tag' },
    status: 201,
  },
  { method: 'DELETE', route: '/repos/{owner}/{repo}/tags/{tag}', path: `${R}/tags/v0.1.0`, as: 'carol', status: 204 },
  { method: 'DELETE', route: '/repos/{owner}/{repo}', path: R, as: 'carol', status: 204 },
];
