/**
 * With a token: does Gatea accept it (its API scope probe passes), do
 * `initialize` and `tools/list` work through the SDK client, who does it act
 * as (`get_me`), what may it do (the scopes Gatea reports for the session),
 * and when does it expire (a JWT's `exp`; Gatea's own tokens are opaque).
 */
import { decodeJwt } from 'jose';
import type { DoctorHttp } from './http.js';
import { openSession, type Refusal } from './mcp-checks.js';
import { type Finding, fail, pass, skip, warn } from './report.js';
import type { Target } from './target.js';
import { describeTokenKind, type TokenKind } from './target.js';
import { diagnoseRefusal, TOKEN_ACCEPTED } from './token-refusal.js';

/** What `get_me` told about the session. */
export interface Identity {
  readonly login: string;
  /** The user's Gitea profile page: Gitea's own URL (ROOT_URL) plus the login. */
  readonly htmlUrl?: string;
  readonly authKind?: string;
  /** Undefined when Gatea cannot see them (a personal access token). */
  readonly grantedScopes?: readonly string[];
}

/** The token checks, and who the token acts as when get_me said. */
export interface TokenOutcome {
  readonly findings: Finding[];
  readonly identity?: Identity;
}

const SESSION_TITLE = 'With the token, MCP initialize and tools/list work (official SDK client)';
const IDENTITY_TITLE = 'Who the token acts as (get_me)';
const SCOPES_TITLE = 'What the token may do (scopes Gatea reports for the session)';
const EXPIRY_TITLE = 'When the token expires';
const MAX_LIST_PAGES = 20;

/** The token checks, skipped for `why` (by default: no token given). */
export function skippedTokenChecks(why = 'Not checked: no token given (--token, or GATEA_DOCTOR_TOKEN).'): Finding[] {
  return [
    skip(TOKEN_ACCEPTED.id, TOKEN_ACCEPTED.title, why),
    skip('mcp.session', SESSION_TITLE, why),
    skip('token.identity', IDENTITY_TITLE, why),
    skip('token.scopes', SCOPES_TITLE, why),
    skip('token.expiry', EXPIRY_TITLE, why),
  ];
}

function parseIdentity(text: string): Identity | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (typeof v.login !== 'string') return undefined;
    const session = (v.session ?? {}) as Record<string, unknown>;
    const scopes = session.grantedScopes;
    return {
      login: v.login,
      ...(typeof v.htmlUrl === 'string' ? { htmlUrl: v.htmlUrl } : {}),
      ...(typeof session.authKind === 'string' ? { authKind: session.authKind } : {}),
      ...(Array.isArray(scopes) ? { grantedScopes: scopes.filter((s): s is string => typeof s === 'string') } : {}),
    };
  } catch {
    return undefined;
  }
}

type Session = ReturnType<typeof openSession>;

async function callGetMe(s: Session, timeoutMs: number): Promise<{ finding: Finding; identity?: Identity }> {
  const before = s.refusals.length;
  try {
    const res = await s.client.callTool({ name: 'get_me', arguments: {} }, undefined, { timeout: timeoutMs });
    const content = Array.isArray(res.content) ? (res.content as { type?: string; text?: string }[]) : [];
    const text = content.find((c) => c.type === 'text')?.text ?? '';
    if (res.isError)
      return {
        finding: fail(
          'token.identity',
          IDENTITY_TITLE,
          `get_me failed: ${text}`,
          'Gatea accepted the token, but the Gitea call behind get_me failed (Gitea unreachable from Gatea, or the Gitea token behind the session rejected).',
          'Follow the message; /readyz says whether Gatea reaches Gitea.',
        ),
      };
    const identity = parseIdentity(text);
    if (!identity)
      return {
        finding: warn(
          'token.identity',
          IDENTITY_TITLE,
          'get_me answered without a login.',
          'An unexpected tool result.',
          'Check the Gatea version.',
        ),
      };
    return {
      identity,
      finding: pass(
        'token.identity',
        IDENTITY_TITLE,
        `Acts as Gitea user ${identity.login}${identity.authKind ? ` (${identity.authKind})` : ''}.`,
      ),
    };
  } catch (err) {
    const r: Refusal | undefined = s.refusals[before];
    const scope = r?.challenge.error === 'insufficient_scope' ? r.challenge.scope : undefined;
    return {
      finding: fail(
        'token.identity',
        IDENTITY_TITLE,
        scope
          ? `get_me is refused: the token lacks ${scope}.`
          : `get_me failed: ${err instanceof Error ? err.message : String(err)}`,
        scope ? `The grant does not include ${scope}.` : 'The gateway failed the call.',
        scope ? `Reconnect and grant ${scope}.` : "Check Gatea's log for the request.",
      ),
    };
  }
}

function checkScopes(kind: TokenKind, identity: Identity | undefined, toolCount: number): Finding {
  if (!identity) return skip('token.scopes', SCOPES_TITLE, 'Not checked: get_me did not say.');
  const scopes = identity.grantedScopes;
  if (!scopes)
    return pass(
      'token.scopes',
      SCOPES_TITLE,
      `Gatea cannot see this token's scopes (a personal access token): Gitea checks each call against them; ${toolCount} tools listed.`,
    );
  if (kind === 'gitea_jwt' && scopes.includes('all'))
    return warn(
      'token.scopes',
      SCOPES_TITLE,
      'This Gitea OAuth token has full access (all), though Gatea needs far less.',
      'Its client asked Gitea for OIDC scopes only, or for a scope Gitea does not know, which Gitea 1.23+ widens to all.',
      'Configure the client to ask for exactly the scopes_supported of /.well-known/oauth-protected-resource/mcp, then reconnect.',
      { grantedScopes: scopes },
    );
  return pass('token.scopes', SCOPES_TITLE, `Granted: ${scopes.join(' ')}; ${toolCount} tools listed for this token.`, {
    grantedScopes: scopes,
  });
}

/** `exp` of a JWT; Gatea's own tokens and keys are opaque. */
export function checkExpiry(token: string, kind: TokenKind, now: () => number): Finding {
  if (kind !== 'gitea_jwt') {
    const what: Record<TokenKind, string> = {
      service_key: 'A service key does not expire; it works until revoked (gatea keys revoke).',
      broker_token: 'Gatea access tokens are opaque and live one hour; clients refresh them.',
      gitea_pat: "A personal access token's expiry is not visible from outside Gitea.",
      gitea_jwt: '',
      unknown: 'Not a JWT: its expiry is not visible.',
    };
    return pass('token.expiry', EXPIRY_TITLE, what[kind]);
  }
  let exp: unknown;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return warn(
      'token.expiry',
      EXPIRY_TITLE,
      'The token looks like a JWT but its claims cannot be read.',
      'It is malformed or truncated.',
      'Copy the whole token.',
    );
  }
  if (typeof exp !== 'number')
    return warn(
      'token.expiry',
      EXPIRY_TITLE,
      'The JWT has no exp claim.',
      'Gitea access tokens always carry one; this is another kind of JWT.',
      'Use a Gitea access token.',
    );
  const at = new Date(exp * 1000).toISOString();
  const leftMs = exp * 1000 - now();
  if (leftMs <= 0)
    return fail(
      'token.expiry',
      EXPIRY_TITLE,
      `The token expired at ${at}.`,
      'Its client did not refresh it.',
      'Refresh it or reconnect the client.',
      { expiresAt: at },
    );
  const minutes = Math.floor(leftMs / 60_000);
  if (minutes < 5)
    return warn(
      'token.expiry',
      EXPIRY_TITLE,
      `The token expires at ${at}, in under 5 minutes.`,
      'It is about to run out.',
      'Make sure the client refreshes it.',
      { expiresAt: at },
    );
  return pass('token.expiry', EXPIRY_TITLE, `Expires at ${at} (in ${minutes} minutes).`, { expiresAt: at });
}

async function listTools(s: Session, timeoutMs: number): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const res = await s.client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    names.push(...res.tools.map((t) => t.name));
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  return names;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Why initialize failed when the token was not refused: a redirect (never followed with the token), or an error. */
function initializeFailure(r: Refusal | undefined, err: unknown): Finding {
  if (r?.location) {
    const moved = new URL(r.location, 'http://relative.invalid');
    return fail(
      'mcp.session',
      SESSION_TITLE,
      `The MCP URL redirects (HTTP ${r.status}) to ${moved.origin}${moved.pathname}; doctor did not follow it with the token.`,
      'A proxy redirects /mcp; MCP clients do not follow a redirect to another origin with their token (and must not).',
      'Give clients the final URL, or let the proxy pass /mcp through unchanged.',
    );
  }
  return fail(
    'mcp.session',
    SESSION_TITLE,
    `MCP initialize with the token failed: ${r ? `HTTP ${r.status}` : message(err)}.`,
    'The gateway or a proxy in front of it fails the MCP request.',
    "Check Gatea's log (http_unhandled_error, request id) and the proxy.",
  );
}

/** The findings after initialize failed: a diagnosed refusal of the token, or a failed MCP request. */
function notConnected(s: Session, kind: TokenKind, err: unknown): Finding[] {
  const r = s.refusals[0];
  if (r && [400, 401, 403, 429, 503].includes(r.status))
    return [
      diagnoseRefusal(r, kind),
      skip('mcp.session', SESSION_TITLE, 'Not checked: Gatea refused the token (see token.accepted).'),
      skip('token.identity', IDENTITY_TITLE, 'Not checked: Gatea refused the token.'),
      skip('token.scopes', SCOPES_TITLE, 'Not checked: Gatea refused the token.'),
    ];
  return [
    skip(
      TOKEN_ACCEPTED.id,
      TOKEN_ACCEPTED.title,
      'Not decided: MCP initialize failed before authentication could be judged.',
    ),
    initializeFailure(r, err),
    skip('token.identity', IDENTITY_TITLE, 'Not checked: no MCP session.'),
    skip('token.scopes', SCOPES_TITLE, 'Not checked: no MCP session.'),
  ];
}

function sessionFinding(s: Session, tools: readonly string[]): Finding {
  const server = s.client.getServerVersion();
  if (tools.length > 0)
    return pass(
      'mcp.session',
      SESSION_TITLE,
      `initialize OK (${server?.name ?? '?'} ${server?.version ?? '?'}, protocol ${s.transport.protocolVersion ?? '?'}); tools/list: ${tools.length} tools.`,
      { tools: tools.length },
    );
  return fail(
    'mcp.session',
    SESSION_TITLE,
    'tools/list is empty for this token.',
    "The token's grant covers none of the enabled tools (Gatea lists only tools a caller can call), or GATEA_TOOLS/GATEA_TOOLSETS select none.",
    'Grant the scopes in scopes_supported, or check the toolset settings.',
  );
}

/** initialize, tools/list and get_me over an open session; the findings without expiry. */
async function runSession(s: Session, kind: TokenKind, timeoutMs: number): Promise<TokenOutcome> {
  try {
    await s.client.connect(s.transport, { timeout: timeoutMs });
  } catch (err) {
    return { findings: notConnected(s, kind, err) };
  }
  const accepted = pass(TOKEN_ACCEPTED.id, TOKEN_ACCEPTED.title, `Gatea accepts the ${describeTokenKind(kind)}.`);
  let tools: string[];
  try {
    tools = await listTools(s, timeoutMs);
  } catch (err) {
    return {
      findings: [
        accepted,
        fail(
          'mcp.session',
          SESSION_TITLE,
          `initialize worked but tools/list failed: ${message(err)}.`,
          'The gateway or a proxy in front of it fails the request.',
          "Check Gatea's log for the request.",
        ),
        skip('token.identity', IDENTITY_TITLE, 'Not checked: tools/list failed.'),
        skip('token.scopes', SCOPES_TITLE, 'Not checked: tools/list failed.'),
      ],
    };
  }
  const me = tools.includes('get_me')
    ? await callGetMe(s, timeoutMs)
    : {
        finding: skip(
          'token.identity',
          IDENTITY_TITLE,
          'Not checked: get_me is not offered to this token (the context toolset is off, or the grant lacks read:user).',
        ),
      };
  return {
    findings: [accepted, sessionFinding(s, tools), me.finding, checkScopes(kind, me.identity, tools.length)],
    ...(me.identity ? { identity: me.identity } : {}),
  };
}

/** Runs the token checks with `token` (sent only to the MCP URL, in the Authorization header). */
export async function checkToken(
  http: DoctorHttp,
  target: Target,
  token: string,
  kind: TokenKind,
  opts: { timeoutMs: number; now: () => number },
): Promise<TokenOutcome> {
  const s = openSession(http, target, token);
  try {
    const outcome = await runSession(s, kind, opts.timeoutMs);
    return { ...outcome, findings: [...outcome.findings, checkExpiry(token, kind, opts.now)] };
  } finally {
    await s.client.close().catch(() => undefined);
  }
}
