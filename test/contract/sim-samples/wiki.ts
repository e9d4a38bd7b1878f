/** Samples for wiki routes: reads on the seeded hello-world wiki, writes on alice/pull-samples. */
import { SAMPLE_REPO as R } from './pulls.js';
import type { RouteSample } from './types.js';

const H = '/repos/alice/hello-world';
const b64 = (s: string) => Buffer.from(s).toString('base64');

export const wikiSamples: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/wiki/pages', path: `${H}/wiki/pages`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/wiki/page/{pageName}', path: `${H}/wiki/page/Home`, status: 200 },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/wiki/revisions/{pageName}',
    path: `${H}/wiki/revisions/Home`,
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/wiki/new',
    path: `${R}/wiki/new`,
    as: 'alice',
    json: { title: 'Sample Page', content_base64: b64('# Sample\n') },
    status: 201,
  },
  {
    method: 'PATCH',
    route: '/repos/{owner}/{repo}/wiki/page/{pageName}',
    path: `${R}/wiki/page/Sample-Page`,
    as: 'alice',
    json: { content_base64: b64('# Sample, edited\n') },
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/wiki/page/{pageName}',
    path: `${R}/wiki/page/Sample-Page`,
    as: 'alice',
    status: 204,
  },
];
