/**
 * Validates simulator responses against Gitea's own Swagger 2.0 description
 * (vendor/gitea/swagger.v1.json, Gitea 1.25.0), resolving `$ref`s with ajv.
 *
 * Fidelity rule: a body must match the documented types, and it may not carry
 * properties the schema does not document, except the few that real Gitea
 * emits without documenting them (listed in UNDOCUMENTED_BUT_REAL).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
export const SWAGGER_PATH = join(here, '../../vendor/gitea/swagger.v1.json');

type JsonObject = Record<string, unknown>;
interface Swagger {
  paths: Record<string, Record<string, { responses?: Record<string, JsonObject> }>>;
  definitions: Record<string, JsonObject>;
  responses: Record<string, JsonObject>;
}

/** Properties real Gitea sends that its swagger file does not list (with the Go source that adds them). */
const UNDOCUMENTED_BUT_REAL: Record<string, string[]> = {
  // modules/structs/user.go MarshalJSON adds "username" as a copy of "login".
  User: ['username'],
};

/**
 * Scalar fields Gitea declares as Go pointers (`*string`), so real bodies carry null
 * (modules/structs/repo_file.go: `encoding`, `content`, … are null for directories).
 */
const NULLABLE_SCALARS: Record<string, string[]> = {
  ContentsResponse: [
    'encoding',
    'content',
    'target',
    'url',
    'html_url',
    'git_url',
    'download_url',
    'submodule_git_url',
  ],
  FileLinksResponse: ['self', 'git', 'html'],
  GitBlobResponse: ['encoding', 'content'],
  // modules/structs/pull.go: MergedCommitID *string, null until the pull is merged.
  PullRequest: ['merge_commit_sha'],
};

/**
 * Go encodes nil pointers and nil slices as JSON null, and Swagger 2.0 cannot say
 * "nullable", so Gitea's real bodies carry null where the file says object, array or
 * date-time (Team.organization from ToTeams(loadOrgs=false), Issue.milestone,
 * Repository.parent, …). Such properties accept null; scalars stay strict.
 */
function allowGoNull(prop: unknown): unknown {
  if (!prop || typeof prop !== 'object') return prop;
  const p = prop as JsonObject;
  const pointerLike = '$ref' in p || p.type === 'object' || p.type === 'array' || p.format === 'date-time';
  return pointerLike ? { anyOf: [p, { type: 'null' }] } : p;
}

/**
 * Responses whose real shape differs from the swagger file (verified in Gitea's Go source).
 * GET /topics/search: routers/api/v1/repo/topic.go TopicSearch answers {"topics": [...]}.
 */
const REAL_RESPONSE_SCHEMAS: Record<string, JsonObject> = {
  // routers/api/v1/repo/tag.go CreateTag answers http.StatusCreated; its swagger comment says 200.
  'POST /repos/{owner}/{repo}/tags 201': { $ref: '#/definitions/Tag' },
  // routers/api/v1/repo/file.go GetContents answers a ContentsResponse list for a directory.
  'GET /repos/{owner}/{repo}/contents/{filepath} 200': {
    anyOf: [
      { $ref: '#/definitions/ContentsResponse' },
      { type: 'array', items: { $ref: '#/definitions/ContentsResponse' } },
    ],
  },
  // services/repository/files/file.go GetContentsListFromTreePaths: a deleted path's entry is nil.
  'POST /repos/{owner}/{repo}/contents 201': {
    type: 'object',
    properties: {
      commit: { $ref: '#/definitions/FileCommitResponse' },
      files: { type: 'array', items: { anyOf: [{ $ref: '#/definitions/ContentsResponse' }, { type: 'null' }] } },
      verification: { $ref: '#/definitions/PayloadCommitVerification' },
    },
  },
  // routers/api/v1/repo/status.go GetCombinedCommitStatusByRef: no statuses → &api.CombinedStatus{} (state "") ≤1.24.
  'GET /repos/{owner}/{repo}/commits/{ref}/status 200': {
    anyOf: [
      { $ref: '#/definitions/CombinedStatus' },
      {
        type: 'object',
        properties: {
          state: { const: '' },
          sha: { const: '' },
          total_count: { const: 0 },
          statuses: { type: 'null' },
          repository: { type: 'null' },
          commit_url: { const: '' },
          url: { const: '' },
        },
      },
      // Gitea 1.25 (#35335, services/convert/status.go ToCombinedStatus): the commit is described, state stays "".
      {
        type: 'object',
        required: ['sha', 'repository', 'url'],
        properties: {
          state: { const: '' },
          sha: { type: 'string', minLength: 40 },
          total_count: { const: 0 },
          statuses: { type: 'null' },
          repository: { $ref: '#/definitions/Repository' },
          commit_url: { type: 'string' },
          url: { type: 'string' },
        },
      },
    ],
  },
  // routers/api/v1/repo/issue_reaction.go builds the list in a nil slice: no reactions is JSON null.
  'GET /repos/{owner}/{repo}/issues/{index}/reactions 200': {
    anyOf: [{ type: 'array', items: { $ref: '#/definitions/Reaction' } }, { type: 'null' }],
  },
  'GET /repos/{owner}/{repo}/issues/comments/{id}/reactions 200': {
    anyOf: [{ type: 'array', items: { $ref: '#/definitions/Reaction' } }, { type: 'null' }],
  },
  // routers/api/v1/repo/issue_dependency.go: removing a dependency answers http.StatusCreated, like adding.
  'DELETE /repos/{owner}/{repo}/issues/{index}/dependencies 201': { $ref: '#/definitions/Issue' },
  'DELETE /repos/{owner}/{repo}/issues/{index}/blocks 201': { $ref: '#/definitions/Issue' },
  'GET /topics/search 200': {
    type: 'object',
    properties: { topics: { type: 'array', items: { $ref: '#/definitions/TopicResponse' } } },
  },
};

const swagger = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as Swagger;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function closeObjects(schema: unknown, defName?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closeObjects(s));
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema as JsonObject)) {
    if (k.startsWith('x-')) continue;
    if (k === '$ref' && typeof v === 'string') {
      out[k] = v.replace('#/definitions/', 'gitea#/definitions/');
      continue;
    }
    out[k] = k === 'properties' ? mapValues(v as JsonObject, (p) => closeObjects(p)) : closeObjects(v);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) {
    const extra = defName ? (UNDOCUMENTED_BUT_REAL[defName] ?? []) : [];
    for (const name of extra) (out.properties as JsonObject)[name] = {};
    out.properties = mapValues(out.properties as JsonObject, allowGoNull);
    for (const name of defName ? (NULLABLE_SCALARS[defName] ?? []) : []) {
      const props = out.properties as JsonObject;
      if (props[name]) props[name] = { anyOf: [props[name], { type: 'null' }] };
    }
    out.additionalProperties = false;
  }
  return out;
}

function mapValues(obj: JsonObject, fn: (v: unknown) => unknown): JsonObject {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// Gitea's Go time.Time marshals as RFC 3339; "int64"/"uint64" are Go-isms ajv does not know.
ajv.addFormat('int64', true);
ajv.addFormat('uint64', true);
ajv.addFormat('int32', true);
ajv.addFormat('float', true);
ajv.addFormat('double', true);
ajv.addSchema(
  {
    $id: 'gitea',
    definitions: Object.fromEntries(Object.entries(swagger.definitions).map(([n, d]) => [n, closeObjects(d, n)])),
  },
  'gitea',
);

const cache = new Map<string, ValidateFunction | null>();

function responseSchema(method: string, pathTemplate: string, status: number): unknown | null {
  const real = REAL_RESPONSE_SCHEMAS[`${method.toUpperCase()} ${pathTemplate} ${status}`];
  if (real) return real;
  const op = swagger.paths[pathTemplate]?.[method.toLowerCase()];
  if (!op) throw new Error(`swagger has no operation ${method.toUpperCase()} ${pathTemplate}`);
  let resp = op.responses?.[String(status)];
  if (!resp) throw new Error(`swagger documents no ${status} response for ${method.toUpperCase()} ${pathTemplate}`);
  const ref = resp.$ref;
  if (typeof ref === 'string') resp = swagger.responses[ref.replace('#/responses/', '')] ?? {};
  return resp.schema ?? null;
}

const GREEDY_PARAMS = /^\{(filepath|basehead|ref|branch|tag|pageName|shaOrRef)\}$/;

/** Known Swagger operation for a concrete path, e.g. `/repos/alice/demo/issues/3` → `/repos/{owner}/{repo}/issues/{index}`. */
export function matchPathTemplate(method: string, path: string): string | null {
  const parts = path.split('/');
  let best: string | null = null;
  let bestLiterals = -1;
  for (const [tpl, ops] of Object.entries(swagger.paths)) {
    if (!ops[method.toLowerCase()]) continue;
    const tplParts = tpl.split('/');
    // A trailing greedy parameter ({filepath}, {basehead}, …) may span several segments, as in Gitea's `*` routes.
    const greedy = GREEDY_PARAMS.test(tplParts.at(-1) ?? '') && parts.length > tplParts.length;
    if (tplParts.length !== parts.length && !greedy) continue;
    let literals = 0;
    let ok = true;
    for (let i = 0; i < tplParts.length; i++) {
      const t = tplParts[i] as string;
      if (t.startsWith('{') && t.endsWith('}')) continue;
      if (t !== parts[i]) {
        ok = false;
        break;
      }
      literals++;
    }
    if (ok && literals > bestLiterals) {
      best = tpl;
      bestLiterals = literals;
    }
  }
  return best;
}

/**
 * Checks `body` against the documented response of `method pathTemplate` for `status`.
 * Returns a list of problems (empty when valid); throws when the swagger file has no such response,
 * because an undocumented route is a finding, not a pass.
 */
export function validateGiteaResponse(method: string, pathTemplate: string, status: number, body: unknown): string[] {
  const key = `${method} ${pathTemplate} ${status}`;
  let validate = cache.get(key);
  if (validate === undefined) {
    const schema = responseSchema(method, pathTemplate, status);
    validate = schema === null ? null : ajv.compile(closeObjects(schema) as object);
    cache.set(key, validate);
  }
  if (validate === null) return [];
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`,
  );
}

/** Validates a body against one named definition (e.g. `APIError`). */
export function validateGiteaDefinition(name: string, body: unknown): string[] {
  const validate = ajv.getSchema(`gitea#/definitions/${name}`);
  if (!validate) throw new Error(`swagger has no definition ${name}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
}
