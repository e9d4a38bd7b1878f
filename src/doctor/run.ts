/**
 * One doctor run: the checks in the order a client meets the deployment —
 * is it there and ready, its protected resource metadata, the authorization
 * server that names, that server's endpoints, MCP without and with the
 * token, and Gitea behind it — each later step skipped when an earlier one
 * makes it meaningless.
 */
import { checkAuthorizationServer } from './as-checks.js';
import { checkEndpoints } from './endpoint-checks.js';
import { checkReachable, checkReady, checkScheme } from './gateway-checks.js';
import { checkGitea, giteaUrlFrom } from './gitea-checks.js';
import { createDoctorHttp } from './http.js';
import { checkChallenge } from './mcp-checks.js';
import { checkProtectedResource } from './prm-checks.js';
import { buildReport, type DeploymentMode, type DoctorReport, type Finding, skip } from './report.js';
import { checkScopesGrantable } from './scope-checks.js';
import { classifyToken, parseTarget } from './target.js';
import { checkToken, skippedTokenChecks, type TokenOutcome } from './token-checks.js';

/** Default time one request may take. */
export const DEFAULT_DOCTOR_TIMEOUT_MS = 10_000;

/** What to check, and how. */
export interface DoctorOptions {
  /** The gateway's URL (its base or its MCP endpoint). */
  readonly gatewayUrl: string;
  /** A token to check; sent only to the MCP endpoint, never printed. */
  readonly token?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly now?: (() => number) | undefined;
}

/** Runs every check; throws TypeError when `gatewayUrl` is not a usable URL (the CLI checks it first). */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const target = parseTarget(opts.gatewayUrl);
  if (typeof target === 'string') throw new TypeError(target);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_DOCTOR_TIMEOUT_MS;
  const now = opts.now ?? Date.now;
  const http = createDoctorHttp(opts.fetch ?? fetch, timeoutMs);
  const findings: Finding[] = [checkScheme(target)];
  let mode: DeploymentMode = 'unknown';
  const done = () =>
    buildReport({
      gatewayUrl: target.base,
      mcpUrl: target.mcpUrl,
      mode,
      tokenChecked: opts.token !== undefined,
      findings,
    });

  const reach = await checkReachable(http, target);
  findings.push(reach.finding);
  if (!reach.reachable) return done();
  const ready = await checkReady(http, target);
  findings.push(ready);

  const prm = await checkProtectedResource(http, target);
  findings.push(...prm.findings);
  if (prm.hostRefused || !prm.prm) {
    const why = prm.hostRefused
      ? 'Not checked: Gatea refuses this Host (see prm.path).'
      : 'Not checked: no protected resource metadata.';
    findings.push(
      skip('as.metadata', 'Authorization server metadata', why),
      skip('mcp.challenge', 'MCP answers 401 with a challenge', why),
      ...(opts.token === undefined ? skippedTokenChecks() : skippedTokenChecks(why)),
    );
    return done();
  }

  const as = await checkAuthorizationServer(http, prm.prm);
  mode = as.mode;
  findings.push(...as.findings, checkScopesGrantable(prm.prm, as.as, mode));
  if (as.as) findings.push(...(await checkEndpoints(http, as.as, mode, prm.prm.resource)));

  findings.push(await checkChallenge(http, target, prmUrlFor(prm.prm.resource, target.prmUrl), timeoutMs));
  let token: TokenOutcome | undefined;
  if (opts.token === undefined) findings.push(...skippedTokenChecks());
  else {
    token = await checkToken(http, target, opts.token, classifyToken(opts.token), { timeoutMs, now });
    findings.push(...token.findings);
  }

  const giteaUrl = giteaUrlFrom({
    mode,
    issuer: as.as?.issuer,
    profileUrl: token?.identity?.htmlUrl,
    login: token?.identity?.login,
  });
  findings.push(...(await checkGitea(http, giteaUrl, mode, ready.status === 'pass')));
  return done();
}

/** The metadata URL a correct 401 challenge names: the one of the resource the metadata declares. */
function prmUrlFor(resource: string, fallback: string): string {
  const t = parseTarget(resource);
  return typeof t === 'string' ? fallback : t.prmUrl;
}
