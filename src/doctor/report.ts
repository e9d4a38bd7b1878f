/**
 * What `gatea doctor` reports: findings (status, a one-line diagnosis, the
 * likely cause and the fix), their summary, and the two renderings — text for
 * people, one JSON document for scripts. The caller's token never reaches a
 * rendering: `redactSecret` replaces it wherever a server might have echoed it.
 */

/** `skip`: the check could not run (no token given, or an earlier check failed); it is neither a pass nor a failure. */
export type FindingStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One checked fact about the deployment. */
export interface Finding {
  /** Stable id, e.g. `prm.resource` (scripts key on it). */
  readonly id: string;
  /** What was checked, e.g. "Protected resource metadata names this URL". */
  readonly title: string;
  readonly status: FindingStatus;
  /** One line: what was found. */
  readonly diagnosis: string;
  /** The likely cause (warn and fail). */
  readonly cause?: string;
  /** What to do about it (warn and fail). */
  readonly fix?: string;
  /** Facts behind the diagnosis (URLs, status codes, versions, scopes); never a credential. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Who the authorization server is, as far as the metadata tells. */
export type DeploymentMode = 'broker' | 'direct' | 'unknown';

/** The whole outcome of one doctor run. */
export interface DoctorReport {
  /** The gateway's base URL as checked (no trailing slash). */
  readonly gatewayUrl: string;
  readonly mcpUrl: string;
  readonly mode: DeploymentMode;
  /** Whether a token was given to check (never the token itself). */
  readonly tokenChecked: boolean;
  readonly findings: readonly Finding[];
  readonly summary: Readonly<Record<FindingStatus, number>>;
  /** True when no finding failed. */
  readonly ok: boolean;
}

/** A passed check. */
export function pass(id: string, title: string, diagnosis: string, details?: Record<string, unknown>): Finding {
  return { id, title, status: 'pass', diagnosis, ...(details ? { details } : {}) };
}

/** A check that found a problem worth fixing but not blocking. */
export function warn(
  id: string,
  title: string,
  diagnosis: string,
  cause: string,
  fix: string,
  details?: Record<string, unknown>,
): Finding {
  return { id, title, status: 'warn', diagnosis, cause, fix, ...(details ? { details } : {}) };
}

/** A check that found something clients will trip over. */
export function fail(
  id: string,
  title: string,
  diagnosis: string,
  cause: string,
  fix: string,
  details?: Record<string, unknown>,
): Finding {
  return { id, title, status: 'fail', diagnosis, cause, fix, ...(details ? { details } : {}) };
}

/** A check that did not run, and why. */
export function skip(id: string, title: string, reason: string): Finding {
  return { id, title, status: 'skip', diagnosis: reason };
}

/** Builds the report from the findings. */
export function buildReport(p: {
  gatewayUrl: string;
  mcpUrl: string;
  mode: DeploymentMode;
  tokenChecked: boolean;
  findings: readonly Finding[];
}): DoctorReport {
  const summary: Record<FindingStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const f of p.findings) summary[f.status]++;
  return { ...p, summary, ok: summary.fail === 0 };
}

/** The process exit code: 0 when nothing failed, 1 otherwise (2, bad usage, is the CLI's). */
export function exitCodeOf(report: DoctorReport): 0 | 1 {
  return report.ok ? 0 : 1;
}

const LABEL: Record<FindingStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** The report for people: one line per finding, cause and fix under warnings and failures, a summary last. */
export function renderText(report: DoctorReport): string {
  const lines = [`gatea doctor ${report.mcpUrl} (mode: ${report.mode})`, ''];
  for (const f of report.findings) {
    lines.push(`${LABEL[f.status]}  ${f.id}: ${f.diagnosis}`);
    const said = f.details?.said;
    if (f.status !== 'pass' && typeof said === 'string' && said) lines.push(`      gatea said: ${said}`);
    if (f.cause) lines.push(`      cause: ${f.cause}`);
    if (f.fix) lines.push(`      fix:   ${f.fix}`);
  }
  const s = report.summary;
  lines.push(
    '',
    `${s.pass} passed, ${s.warn} warning${s.warn === 1 ? '' : 's'}, ${s.fail} failed, ${s.skip} skipped.`,
    '',
  );
  return lines.join('\n');
}

/** The report for scripts: one JSON document (and a newline). */
export function renderJson(report: DoctorReport): string {
  return `${JSON.stringify(report)}\n`;
}

/**
 * Replaces every occurrence of `secret` in `text`. A server may echo what it
 * was sent; nothing doctor prints may carry the caller's token.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('[token]');
}
