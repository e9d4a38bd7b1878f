/**
 * RFC 9728 protected resource metadata, as MCP clients look for it
 * (MCP 2025-11-25 authorization: the path-suffixed URL first, then the root):
 * served at both, and naming as `resource` exactly the MCP URL that was used
 * (RFC 9728 §3.3). A different `resource`, or Gatea refusing the Host outright
 * (421), means GATEA_PUBLIC_URL does not match the address clients use.
 */
import { type DoctorHttp, type HttpAnswer, jsonObject, NetworkFailure, redirectTarget } from './http.js';
import { type Finding, fail, pass, skip } from './report.js';
import type { Target } from './target.js';

/** The parts of the metadata the other checks use. */
export interface ProtectedResource {
  readonly resource: string;
  readonly authorizationServers: readonly string[];
  /** `scopes_supported`; undefined when absent. */
  readonly scopes: readonly string[] | undefined;
}

/** What the metadata checks found; `hostRefused` stops the checks that would hit the same refusal. */
export interface PrmOutcome {
  readonly findings: Finding[];
  readonly prm?: ProtectedResource;
  readonly hostRefused: boolean;
}

type Fetched = { ok: true; prm: ProtectedResource } | { ok: false; finding: Finding; hostRefused: boolean };

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/** The finding for Gatea's 421: it serves only its public host (and GATEA_ALLOWED_HOSTS). */
function hostRefusedFinding(id: string, title: string, target: Target): Finding {
  const host = new URL(target.origin).host;
  return fail(
    id,
    title,
    `Gatea refuses the Host ${host} (HTTP 421 host_not_allowed): the public URL does not match the Host.`,
    `GATEA_PUBLIC_URL names another address than ${target.origin}, or a proxy forwards a different Host header; Gatea answers only its public host (plus GATEA_ALLOWED_HOSTS).`,
    `Set GATEA_PUBLIC_URL=${target.base} if clients use this address (or add ${host} to GATEA_ALLOWED_HOSTS for internal callers), or run doctor with the public URL.`,
    { host },
  );
}

function unusable(id: string, title: string, url: string, res: HttpAnswer): Finding {
  const moved = redirectTarget(res);
  if (moved)
    return fail(
      id,
      title,
      `${url} redirects (HTTP ${res.status}) to ${moved}.`,
      'A proxy redirects the well-known path; clients expect the document itself.',
      'Let the proxy pass /.well-known/* through to Gatea unchanged.',
    );
  return fail(
    id,
    title,
    `${url} answered HTTP ${res.status} without a metadata document.`,
    res.status === 404
      ? 'The proxy does not route /.well-known/oauth-protected-resource* to Gatea (or this is not Gatea).'
      : 'Gatea or a proxy in front of it fails on this path.',
    'Route /.well-known/* to Gatea; clients cannot discover how to sign in without it.',
    { status: res.status },
  );
}

async function fetchPrm(http: DoctorHttp, id: string, title: string, url: string, target: Target): Promise<Fetched> {
  let res: HttpAnswer;
  try {
    res = await http.request(url, { headers: { accept: 'application/json' } });
  } catch (err) {
    if (!(err instanceof NetworkFailure)) throw err;
    return {
      ok: false,
      hostRefused: false,
      finding: fail(id, title, `${err.message}.`, 'Gatea stopped answering mid-check.', 'Retry.'),
    };
  }
  if (res.status === 421 && jsonObject(res)?.error === 'host_not_allowed')
    return { ok: false, hostRefused: true, finding: hostRefusedFinding(id, title, target) };
  const doc = jsonObject(res);
  if (res.status !== 200 || typeof doc?.resource !== 'string')
    return { ok: false, hostRefused: false, finding: unusable(id, title, url, res) };
  return {
    ok: true,
    prm: {
      resource: doc.resource,
      authorizationServers: strings(doc.authorization_servers) ?? [],
      scopes: strings(doc.scopes_supported),
    },
  };
}

/** The resource check: the metadata must name the MCP URL that was used. */
function checkResource(prm: ProtectedResource, target: Target): Finding {
  const id = 'prm.resource';
  const title = 'The metadata names this MCP URL as its resource (RFC 9728 §3.3)';
  if (sameUrl(prm.resource, target.mcpUrl)) return pass(id, title, `resource is ${prm.resource}.`);
  const named = prm.resource.replace(/\/mcp\/?$/, '');
  return fail(
    id,
    title,
    `The metadata names ${prm.resource}, but you reached ${target.mcpUrl}: the public URL does not match the Host.`,
    `GATEA_PUBLIC_URL is ${named}, not the address used here (or a proxy rewrites the Host); clients refuse metadata that names another resource, and tokens are bound to it.`,
    `Set GATEA_PUBLIC_URL=${target.base} if clients use this address, or give clients (and doctor) ${prm.resource}.`,
    { resource: prm.resource, expected: target.mcpUrl },
  );
}

/** Fetches the metadata at both URLs and checks what it names. */
export async function checkProtectedResource(http: DoctorHttp, target: Target): Promise<PrmOutcome> {
  const pathTitle = 'Protected resource metadata at /.well-known/oauth-protected-resource/mcp';
  const rootTitle = 'Protected resource metadata at /.well-known/oauth-protected-resource';
  const atPath = await fetchPrm(http, 'prm.path', pathTitle, target.prmUrl, target);
  if (!atPath.ok && atPath.hostRefused)
    return {
      hostRefused: true,
      findings: [
        atPath.finding,
        skip('prm.root', rootTitle, 'Not checked: Gatea refuses this Host (see prm.path).'),
        skip('prm.resource', 'The metadata names this MCP URL', 'Not checked: Gatea refuses this Host.'),
      ],
    };
  const atRoot = await fetchPrm(http, 'prm.root', rootTitle, target.prmRootUrl, target);
  const findings = [
    atPath.ok ? pass('prm.path', pathTitle, `Served at ${target.prmUrl}.`) : atPath.finding,
    atRoot.ok ? pass('prm.root', rootTitle, `Served at ${target.prmRootUrl}.`) : atRoot.finding,
  ];
  const prm = atPath.ok ? atPath.prm : atRoot.ok ? atRoot.prm : undefined;
  if (!prm) {
    findings.push(skip('prm.resource', 'The metadata names this MCP URL', 'Not checked: no metadata document.'));
    return { findings, hostRefused: false };
  }
  findings.push(checkResource(prm, target));
  if (atPath.ok && atRoot.ok && atPath.prm.resource !== atRoot.prm.resource)
    findings.push(
      fail(
        'prm.consistent',
        'Both metadata URLs serve the same document',
        `The two metadata URLs name different resources (${atPath.prm.resource} and ${atRoot.prm.resource}).`,
        'A proxy serves one of the two well-known paths from somewhere else.',
        'Route both paths to Gatea.',
      ),
    );
  return { findings, prm, hostRefused: false };
}
