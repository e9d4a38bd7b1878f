/**
 * Declared scopes, shown right (issue #16). For every tool and every method,
 * on a Gitea and on a Forgejo simulator, through the real gateway in
 * direct-token mode over POST /mcp, with Gitea OAuth access tokens the
 * simulator's provider issued through authorize + consent + token:
 *
 * - a token holding exactly the declared scopes (plus read:repository, the
 *   scope of the gateway's own API probe, which every direct token needs)
 *   succeeds, the answer and the simulator's state show the call happened,
 *   and every API request the call made is one Gitea allows under the
 *   declared scopes alone (the route's scope categories, as the simulator's
 *   router has them from Gitea's routers/api/v1/api.go);
 * - with each declared scope removed (and a write scope also downgraded to
 *   its read scope), Gatea refuses with 403 and the sentence naming the
 *   missing scope, and the simulator saw no request but token validation.
 *
 * A token without read:repository is refused by the gateway's probe, before
 * any tool is looked at; the matrix expects that refusal for such tokens.
 * Besides one call per tool and method, it runs the argument variants that
 * take a call to routes other scopes guard (scope-cases.ts VARIANTS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimRequestRecord } from '../../sim/http/request-log.js';
import type { Flavor } from '../../sim/profile.js';
import { insufficientScopeMessage } from '../../src/mcp/index.js';
import { type GiteaScope, scopesSatisfy } from '../../src/tools/index.js';
import { prepareTargets, SETUPS, type Setup, VARIANTS } from './scope-cases.js';
import { CALLER, type McpAnswer, type ScopeRig, startScopeRig } from './scope-rig.js';
import { type GeneratedCall, generatedCalls } from './tool-args.js';

type Json = Record<string, unknown>;

/** The scope of the gateway's API probe (src/cli/gateway.ts `probeScope`): every direct token needs it. */
const PROBE_SCOPE: GiteaScope = 'read:repository';
const PROBE_REFUSAL = `This Gitea token lacks the ${PROBE_SCOPE} scope Gatea needs. Reconnect (re-authorize) and grant it.`;

const CALLS = generatedCalls();

/** Every call of the matrix with its case: one per tool and method, then the argument variants. */
function matrix(): { call: GeneratedCall; setup: Setup | undefined; plain: boolean }[] {
  const plain = CALLS.map((call) => ({ call, setup: SETUPS[call.label], plain: true }));
  const variants = Object.entries(VARIANTS).map(([label, v]) => {
    const base = CALLS.find((c) => c.tool.name === v.tool && c.method === v.method);
    if (!base) throw new Error(`variant ${label}: no tool ${v.tool}${v.method ? `.${v.method}` : ''}`);
    return { call: { ...base, label }, setup: v.setup, plain: false };
  });
  return [...plain, ...variants];
}

/** The token scopes for a call that needs `declared`: those, plus the probe's scope unless a write covers it. */
function withProbeScope(scopes: readonly string[]): string[] {
  return scopesSatisfy(scopes, [PROBE_SCOPE]) ? [...scopes] : [...scopes, PROBE_SCOPE];
}

/** A scope not among `declared`, for a grant that would otherwise be empty (Gitea widens an empty grant to `all`). */
function unrelatedScope(declared: readonly string[]): string {
  return ['read:user', 'read:misc'].find((s) => !declared.includes(s)) as string;
}

interface Refusal {
  /** The declared scope the token lacks. */
  readonly missing: GiteaScope;
  readonly scopes: readonly string[];
  /** The gateway refuses the token itself (no probe scope), not the tool call. */
  readonly byProbe: boolean;
}

/** Each declared scope removed, and each write scope downgraded to read; duplicates dropped. */
function refusals(declared: readonly GiteaScope[]): Refusal[] {
  const out: Refusal[] = [];
  const seen = new Set<string>();
  for (const missing of declared) {
    const rest = declared.filter((s) => s !== missing);
    const [level, category] = missing.split(':');
    const variants: string[][] = [rest];
    if (level === 'write') variants.push([...rest, `read:${category}`]);
    for (const variant of variants) {
      let scopes = missing === PROBE_SCOPE ? [...variant] : withProbeScope(variant);
      if (scopes.length === 0) scopes = [unrelatedScope(declared)];
      const key = `${missing}|${[...scopes].sort().join(' ')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ missing, scopes, byProbe: !scopesSatisfy(scopes, [PROBE_SCOPE]) });
    }
  }
  return out;
}

/** What the gateway itself asks of Gitea to validate a token (userinfo, introspection, keys, the probe). */
function isTokenValidation(r: SimRequestRecord): boolean {
  if (r.path.startsWith('/login/oauth/') || r.path.startsWith('/.well-known/')) return true;
  return r.method === 'GET' && r.path === '/api/v1/repos/search' && r.query === 'limit=1';
}

/** The scopes Gitea checks for one API request: the route's categories at the method's level. */
function scopesOf(r: SimRequestRecord): GiteaScope[] {
  const level = r.method === 'GET' || r.method === 'HEAD' || r.method === 'OPTIONS' ? 'read' : 'write';
  return (r.scope ?? []).map((category) => `${level}:${category}` as GiteaScope);
}

function describeRequests(list: readonly SimRequestRecord[]): string[] {
  return list.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} → ${r.status}`);
}

/** The tool result of a JSON-RPC answer. */
function resultOf(answer: McpAnswer): { isError: boolean; text: string } {
  const m = answer.json as { result?: { isError?: boolean; content?: { text?: string }[] }; error?: unknown };
  if (!m || typeof m !== 'object' || !m.result) return { isError: true, text: JSON.stringify(answer.json) };
  return { isError: m.result.isError === true, text: m.result.content?.[0]?.text ?? '' };
}

async function expectRefused(rig: ScopeRig, call: GeneratedCall, args: Json, refusal: Refusal): Promise<void> {
  const grant = await rig.grant(refusal.scopes);
  const what = `${call.label} with [${refusal.scopes.join(' ')}] (no ${refusal.missing})`;
  const mark = rig.sim.sim.requests.mark();
  const answer = await rig.callTool(grant.token, call.tool.name, args, refusal.byProbe);
  const reached = rig.requestsSince(mark).filter((r) => !isTokenValidation(r));
  expect(describeRequests(reached), `${what}: requests that reached Gitea`).toEqual([]);
  expect(answer.status, `${what}: HTTP status`).toBe(403);
  const challenge = answer.headers.get('www-authenticate') ?? '';
  expect(challenge, `${what}: WWW-Authenticate`).toMatch(/error="insufficient_scope"/);
  if (refusal.byProbe) {
    expect(answer.json, what).toEqual({ error: 'insufficient_scope', error_description: PROBE_REFUSAL });
    expect(challenge, what).toContain(`scope="${PROBE_SCOPE}"`);
    return;
  }
  const caller = { kind: 'direct' as const, login: CALLER, grantedScopes: refusal.scopes, requestId: '' };
  expect(resultOf(answer), what).toEqual({
    isError: true,
    text: insufficientScopeMessage(call.tool.name, [refusal.missing], caller),
  });
  expect(challenge, what).toContain(`scope="${refusal.missing}"`);
}

async function expectSucceeds(
  rig: ScopeRig,
  call: GeneratedCall,
  args: Json,
  declared: readonly GiteaScope[],
  verify: (result: Json) => void | Promise<void>,
  /** tools/list shows a tool whose plain call the grant covers; an argument variant may need other scopes. */
  plain: boolean,
): Promise<void> {
  const scopes = withProbeScope(declared);
  const grant = await rig.grant(scopes);
  const what = `${call.label} with [${scopes.join(' ')}]`;
  if (plain) expect(grant.listed?.has(call.tool.name), `${what}: listed by tools/list`).toBe(true);
  else expect(grant.listed, `${what}: the gateway accepted the token`).not.toBeNull();
  const mark = rig.sim.sim.requests.mark();
  const answer = await rig.callTool(grant.token, call.tool.name, args);
  const used = rig.requestsSince(mark).filter((r) => !isTokenValidation(r));
  const result = resultOf(answer);
  expect(result.isError ? result.text : 'ok', `${what}: ${describeRequests(used).join(', ')}`).toBe('ok');
  expect(answer.status).toBe(200);
  const api = used.filter((r) => r.route !== undefined);
  expect(api.length, `${what}: API requests`).toBeGreaterThan(0);
  // Every request must be one Gitea allows with the declared scopes alone (read:repository added for the probe included).
  const undeclared = api.flatMap((r) =>
    scopesOf(r)
      .filter((s) => !scopesSatisfy(declared, [s]))
      .map((s) => `${r.method} /api/v1${r.route} needs ${s}`),
  );
  expect(undeclared, `${what}: requests beyond the declared scopes`).toEqual([]);
  // And every declared scope is one some request needs: a wider declaration refuses callers Gitea would serve.
  const needed = new Set(api.flatMap(scopesOf));
  const unneeded = declared.filter((s) => !needed.has(s));
  expect(unneeded, `${what}: declared scopes no request needed (${describeRequests(api).join(', ')})`).toEqual([]);
  expect(describeRequests(api.filter((r) => r.status === 401 || r.status === 403)), what).toEqual([]);
  await verify(JSON.parse(result.text) as Json);
}

describe('the matrix', () => {
  it('has a case for every tool and every method', () => {
    const labels = CALLS.map((c) => c.label).sort();
    expect(Object.keys(SETUPS).sort()).toEqual(labels);
  });

  it('removes each declared scope, and downgrades each write scope', () => {
    expect(refusals(['read:repository', 'read:user'])).toEqual([
      { missing: 'read:repository', scopes: ['read:user'], byProbe: true },
      { missing: 'read:user', scopes: ['read:repository'], byProbe: false },
    ]);
    expect(refusals(['write:issue'])).toEqual([
      { missing: 'write:issue', scopes: ['read:repository'], byProbe: false },
      { missing: 'write:issue', scopes: ['read:issue', 'read:repository'], byProbe: false },
    ]);
    expect(refusals(['read:repository'])).toEqual([
      { missing: 'read:repository', scopes: ['read:user'], byProbe: true },
    ]);
  });
});

const FLAVORS: readonly Flavor[] = ['gitea', 'forgejo'];

for (const flavor of FLAVORS) {
  describe(`${flavor}: each tool and method with exactly its declared scopes, then without each`, () => {
    let rig: ScopeRig;

    beforeAll(async () => {
      rig = await startScopeRig(flavor);
      await prepareTargets(rig.fx);
    });
    afterAll(async () => {
      await rig?.close();
    });

    for (const { call, setup, plain } of matrix()) {
      it(call.label, async () => {
        if (!setup) throw new Error(`no case for ${call.label}`);
        const prepared = await setup(rig.fx);
        try {
          const args = { ...call.args, ...prepared.args };
          const declared = call.tool.scopesFor(call.tool.parse(args));
          expect(declared.length, `${call.label} declares no scope`).toBeGreaterThan(0);
          for (const refusal of refusals(declared)) await expectRefused(rig, call, args, refusal);
          await expectSucceeds(rig, call, args, declared, prepared.verify, plain);
        } finally {
          await prepared.cleanup?.();
        }
      });
    }
  });
}
