/**
 * Is anything there, and is it ready: the URL's scheme, `/healthz` (the
 * process answers) and `/readyz` (its store and Gitea answer it). A gateway
 * that refuses to start — Gatea does on an empty or placeholder secret — shows
 * up here as nothing listening.
 */
import type { DoctorHttp } from './http.js';
import { jsonObject, NetworkFailure, type NetworkFailureKind, redirectTarget } from './http.js';
import { type Finding, fail, pass, warn } from './report.js';
import type { Target } from './target.js';

/** https is required everywhere but loopback (OAuth 2.1; Gatea's broker refuses an http public URL too). */
export function checkScheme(target: Target): Finding {
  const title = 'The gateway URL uses https (or loopback)';
  if (target.origin.startsWith('https:') || target.loopback)
    return pass('gateway.url', title, `${target.mcpUrl} is ${target.loopback ? 'a loopback address' : 'https'}.`);
  return warn(
    'gateway.url',
    title,
    `${target.mcpUrl} is plain http on a non-loopback host.`,
    'MCP clients refuse OAuth over plain http except on loopback, and tokens would cross the network in clear text.',
    'Serve Gatea behind TLS and give clients (and GATEA_PUBLIC_URL) the https URL.',
  );
}

const NOT_LISTENING_CAUSE =
  'Gatea is not running there: it refuses to start on a bad setting (an empty or placeholder secret, such as a service key whose Gitea token variable is unset) and prints the setting at exit; or the host, port or proxy route is wrong.';

const CHECK_PATH = 'Check the URL, then the network path from here to Gatea.';
const UNREACHABLE: Record<NetworkFailureKind, { cause: string; fix: string }> = {
  refused: {
    cause: NOT_LISTENING_CAUSE,
    fix: "Start Gatea (gatea serve) and read its last lines: a bad setting is named there with exit code 2. Check GATEA_HOST/GATEA_PORT and the proxy's upstream.",
  },
  dns: { cause: 'The host name is mistyped, or it is not in the DNS this machine uses.', fix: CHECK_PATH },
  tls: {
    cause: 'The certificate is self-signed, expired or issued for another name; MCP clients will refuse it as well.',
    fix: 'Install a certificate for this host name from a CA clients trust.',
  },
  blocked_port: {
    cause: 'Clients built on fetch (browsers, Node, most MCP clients) never connect to this port.',
    fix: 'Serve Gatea on another port (443 behind a proxy, or e.g. 8080).',
  },
  timeout: {
    cause: 'A firewall or proxy drops the connection, or Gatea is overloaded.',
    fix: CHECK_PATH,
  },
  reset: {
    cause: 'A proxy or load balancer in front of Gatea closes the connection (no healthy upstream?).',
    fix: CHECK_PATH,
  },
  other: { cause: 'The network between here and Gatea fails the request.', fix: CHECK_PATH },
};

/** `GET /healthz`; `reachable` is false when nothing answered at all (the other checks are then pointless). */
export async function checkReachable(
  http: DoctorHttp,
  target: Target,
): Promise<{ finding: Finding; reachable: boolean }> {
  const id = 'gateway.reachable';
  const title = 'Something answers at the gateway URL';
  const url = `${target.base}/healthz`;
  try {
    const res = await http.request(url);
    const moved = redirectTarget(res);
    if (moved)
      return {
        reachable: true,
        finding: fail(
          id,
          title,
          `${url} redirects (HTTP ${res.status}) to ${moved}.`,
          'A proxy in front of Gatea redirects (often http to https, or to a login page); MCP clients do not follow redirects with their token.',
          `Give clients the final URL (the one ${moved} is under), or let the proxy pass Gatea's paths through unchanged.`,
        ),
      };
    if (res.status === 200 && jsonObject(res)?.status === 'ok')
      return { reachable: true, finding: pass(id, title, `Gatea answers at ${target.base} (/healthz 200).`) };
    return {
      reachable: true,
      finding: warn(
        id,
        title,
        `${url} answered HTTP ${res.status}, not Gatea's {"status":"ok"}.`,
        'This may not be Gatea, or a proxy does not route /healthz to it.',
        'Check that the URL points at Gatea and that the proxy forwards every path to it.',
        { status: res.status },
      ),
    };
  } catch (err) {
    if (!(err instanceof NetworkFailure)) throw err;
    const { cause, fix } = UNREACHABLE[err.kind];
    return { reachable: false, finding: fail(id, title, `${err.message}.`, cause, fix, { network: err.kind }) };
  }
}

const READY_FIXES: Record<string, { cause: string; fix: string }> = {
  gitea: {
    cause: "Gitea is down, or GITEA_URL is wrong or unreachable from Gatea's network (DNS, firewall, proxy).",
    fix: "Check that Gitea runs, and that GITEA_URL/api/v1/version answers from Gatea's host or pod.",
  },
  store: {
    cause:
      "Gatea's database (GATEA_DATABASE_URL) does not answer: PostgreSQL down or unreachable, or the SQLite file's disk failing.",
    fix: 'Check the database and the connection string; Gatea reconnects by itself once it answers.',
  },
};

/** `GET /readyz`: 503 names the dependency that is down (Gitea or the store). */
export async function checkReady(http: DoctorHttp, target: Target): Promise<Finding> {
  const id = 'gateway.ready';
  const title = 'Gatea is ready: its store and Gitea answer it (/readyz)';
  let res: Awaited<ReturnType<DoctorHttp['request']>>;
  try {
    res = await http.request(`${target.base}/readyz`);
  } catch (err) {
    if (!(err instanceof NetworkFailure)) throw err;
    return fail(id, title, `/readyz got no answer: ${err.message}.`, 'Gatea stopped answering mid-check.', 'Retry.');
  }
  const body = jsonObject(res);
  const checks = (body?.checks ?? {}) as Record<string, unknown>;
  if (res.status === 200) return pass(id, title, 'Gatea is ready (store and Gitea answer it).', { checks });
  if (res.status === 503 && body) {
    const down = Object.entries(checks).filter(([, v]) => v !== 'ok');
    const [name, message] = down[0] ?? ['unknown', 'not ready'];
    const known = READY_FIXES[name] ?? { cause: 'A dependency of Gatea is down.', fix: 'See /readyz and the log.' };
    const what = name === 'gitea' ? 'Gatea cannot reach Gitea' : `Gatea's ${name} does not answer`;
    return fail(id, title, `${what}: ${String(message)}`, known.cause, known.fix, { checks });
  }
  return warn(
    id,
    title,
    `/readyz answered HTTP ${res.status}.`,
    'An older Gatea without /readyz, or a proxy that does not route it.',
    'Route /readyz to Gatea so load balancers and doctor can see when Gitea is unreachable.',
    { status: res.status },
  );
}
