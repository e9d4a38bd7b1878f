/**
 * MCP through the official SDK client (`Client` + `StreamableHTTPClientTransport`),
 * as MCP clients connect: without a token the gateway must answer 401 with a
 * `WWW-Authenticate: Bearer resource_metadata=…` challenge (RFC 9728 §5.1);
 * with a token, `initialize`, `tools/list` and `get_me` must work. The
 * transport's fetch records every refusal so a failure can be diagnosed from
 * the gateway's own status, challenge and error_description; it never follows
 * a redirect, so the token never travels to another origin.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { GATEA_VERSION } from '../mcp/index.js';
import type { DoctorHttp } from './http.js';
import { type Finding, fail, pass, warn } from './report.js';
import type { Target } from './target.js';

/** A non-2xx answer the gateway gave the SDK client. */
export interface Refusal {
  readonly status: number;
  /** `WWW-Authenticate` parameters (lower-case names), and the scheme under `scheme`. */
  readonly challenge: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>> | undefined;
  readonly location: string | null;
}

/** Parses `Bearer k="v", k2="v2"` (RFC 6750 §3). */
export function parseChallenge(header: string | null): Record<string, string> {
  if (!header) return {};
  const out: Record<string, string> = { scheme: header.trim().split(/\s+/)[0]?.toLowerCase() ?? '' };
  for (const m of header.matchAll(/([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g))
    out[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? '';
  return out;
}

/** A fetch for the SDK transport that keeps the gateway's refusals (GET 405, the absent SSE stream, excepted). */
function recordingFetch(base: typeof fetch): { fetch: typeof fetch; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const recorded = (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await base(input, init);
    const method = init?.method ?? 'GET';
    if (res.status >= 300 && !(method === 'GET' && res.status === 405)) {
      let body: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(await res.clone().text());
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        // not JSON
      }
      refusals.push({
        status: res.status,
        challenge: parseChallenge(res.headers.get('www-authenticate')),
        body,
        location: res.headers.get('location'),
      });
    }
    return res;
  }) as typeof fetch;
  return { fetch: recorded, refusals };
}

/** An SDK client session against the MCP URL; `token` goes in the Authorization header only. */
export function openSession(http: DoctorHttp, target: Target, token: string | undefined) {
  const rec = recordingFetch(http.fetch);
  const transport = new StreamableHTTPClientTransport(new URL(target.mcpUrl), {
    fetch: rec.fetch,
    ...(token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}),
    reconnectionOptions: {
      maxRetries: 0,
      initialReconnectionDelay: 1000,
      maxReconnectionDelay: 1000,
      reconnectionDelayGrowFactor: 1,
    },
  });
  const client = new Client({ name: 'gatea-doctor', version: GATEA_VERSION });
  return { client, transport, refusals: rec.refusals };
}

const CHALLENGE_TITLE = 'Without a token, MCP answers 401 with a WWW-Authenticate resource_metadata challenge';

function describeNonChallenge(r: Refusal | undefined, target: Target, error: string): Finding {
  if (r?.location)
    return fail(
      'mcp.challenge',
      CHALLENGE_TITLE,
      `${target.mcpUrl} redirects (HTTP ${r.status}) instead of answering MCP.`,
      'A proxy redirects the MCP endpoint (often /mcp to /mcp/, or http to https); clients do not follow it with their token.',
      'Route /mcp to Gatea unchanged and give clients the final URL.',
    );
  if (r?.status === 404)
    return fail(
      'mcp.challenge',
      CHALLENGE_TITLE,
      `No MCP endpoint at ${target.mcpUrl} (HTTP 404).`,
      'The URL is not Gatea, or the proxy does not route /mcp.',
      'Give clients <GATEA_PUBLIC_URL>/mcp and route it to Gatea.',
    );
  return fail(
    'mcp.challenge',
    CHALLENGE_TITLE,
    r ? `MCP without a token answered HTTP ${r.status}, not 401.` : `MCP without a token failed: ${error}.`,
    'Clients learn where to sign in from the 401 challenge; without it they cannot start.',
    "Check Gatea's log for this request and the proxy in front of /mcp.",
    r ? { status: r.status } : {},
  );
}

/** Connects without a token; expects 401 with a challenge naming the protected resource metadata. */
export async function checkChallenge(
  http: DoctorHttp,
  target: Target,
  expectedMetadataUrl: string,
  timeoutMs: number,
): Promise<Finding> {
  const { client, transport, refusals } = openSession(http, target, undefined);
  try {
    await client.connect(transport, { timeout: timeoutMs });
    return fail(
      'mcp.challenge',
      CHALLENGE_TITLE,
      `${target.mcpUrl} answered MCP initialize without any token.`,
      'Something in front of Gatea (or another server) serves MCP without authentication.',
      'Make sure the URL reaches Gatea, which never serves tools without credentials.',
    );
  } catch (err) {
    const r = refusals[0];
    if (r?.status !== 401 || r.challenge.scheme !== 'bearer')
      return describeNonChallenge(r, target, err instanceof Error ? err.message : String(err));
    const named = r.challenge.resource_metadata;
    if (named !== expectedMetadataUrl)
      return fail(
        'mcp.challenge',
        CHALLENGE_TITLE,
        named
          ? `The 401 challenge names resource_metadata ${named}, not ${expectedMetadataUrl}.`
          : 'The 401 challenge carries no resource_metadata.',
        'Clients follow the challenge to find where to sign in (MCP 2025-06-18 and later); a wrong or missing URL strands them.',
        'Serve /mcp from Gatea directly; check GATEA_PUBLIC_URL.',
        { resource_metadata: named ?? null },
      );
    if (!r.challenge.scope)
      return warn(
        'mcp.challenge',
        CHALLENGE_TITLE,
        `401 with resource_metadata ${named}, but no scope= parameter.`,
        'Without scope in the challenge, clients fall back to scopes_supported or send none (MCP 2025-11-25 asks servers to include it).',
        'Serve /mcp from a current Gatea.',
      );
    return pass(
      'mcp.challenge',
      CHALLENGE_TITLE,
      `401 with resource_metadata ${named} and scope "${r.challenge.scope}".`,
    );
  } finally {
    await client.close().catch(() => undefined);
  }
}
