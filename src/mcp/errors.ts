/**
 * Turns whatever a tool threw into a sentence for the user (what happened,
 * which thing, what to do) and a status for REST — never a bare -32603
 * (DESIGN §7, STYLE §2.5). Our own faults get a generic sentence plus the
 * request id; the detail goes to the log only.
 */
import { GiteaError, GiteaPathError } from '../gitea/index.js';
import { sanitizeText, ToolInputError, type ToolLogger, ToolNotFoundError } from '../tools/index.js';

/** Coarse failure classes; REST maps them to statuses, logs and metrics to labels. */
export type ToolFailureKind =
  /** No tool of that name (MCP: a protocol error, -32602). */
  | 'unknown_tool'
  /** A known tool this Gatea does not expose (toolsets, exclude list, read-only mode). */
  | 'tool_unavailable'
  | 'invalid_input'
  | 'unauthenticated'
  | 'insufficient_scope'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rejected'
  | 'upstream_unavailable'
  | 'cancelled'
  | 'internal';

/** A failed tool call, ready to show. */
export interface ToolFailure {
  readonly kind: ToolFailureKind;
  /** One or two sentences for the user; never contains a token. */
  readonly message: string;
  /** HTTP status for the REST surface. */
  readonly status: number;
  /** Scopes the call needed, for `insufficient_scope`. */
  readonly requiredScopes?: readonly string[];
  /**
   * True when Gatea's own decision refused the call before Gitea was asked (the
   * grant is known to lack a scope, so re-authorizing with Gatea can fix it).
   */
  readonly refusedByGatea?: boolean;
}

/** What the translator may mention about the failed call. */
export interface FailedCall {
  readonly toolName: string;
  /** Parsed or raw arguments (only `owner`, `repo`, `org` and a few target names are read). */
  readonly args: unknown;
  /** Scopes the tool needs for these arguments. */
  readonly scopes: readonly string[];
  readonly requestId: string;
  readonly log: ToolLogger;
  /**
   * False for a tool that changes Gitea (its `annotations.readOnlyHint`): a
   * failure after Gitea was asked may come after the change was made.
   */
  readonly readOnly?: boolean;
  /**
   * The call's signal was aborted (the client went away): the failure is the
   * cancellation, whatever was thrown (an HTTP adapter may abort with a string).
   */
  readonly cancelled?: boolean;
}

/** Translates `err` thrown by a tool call into a ToolFailure. */
export function describeToolFailure(err: unknown, call: FailedCall): ToolFailure {
  if (err instanceof ToolInputError) return { kind: 'invalid_input', message: err.message, status: 400 };
  if (err instanceof ToolNotFoundError) return { kind: 'not_found', message: err.message, status: 404 };
  if (err instanceof GiteaPathError)
    return { kind: 'invalid_input', message: `Invalid arguments for ${call.toolName}: ${err.message}`, status: 400 };
  if (call.cancelled || isAbort(err))
    return { kind: 'cancelled', message: 'The request was cancelled before Gitea answered.', status: 499 };
  if (err instanceof GiteaError) return describeGiteaError(err, call);
  call.log.error({ err, tool: call.toolName, request_id: call.requestId }, 'tool_internal_error');
  return {
    kind: 'internal',
    message: `Gatea hit an internal error while running ${call.toolName} (request id ${call.requestId}). Please retry; if it keeps failing, give the request id to the Gatea operator.`,
    status: 500,
  };
}

function describeGiteaError(err: GiteaError, call: FailedCall): ToolFailure {
  const said = giteaSaid(err);
  switch (err.code) {
    case 'invalid_token':
      return {
        kind: 'unauthenticated',
        message:
          'Gitea rejected the credentials (the token expired or was revoked). Reconnect Gatea to sign in again, then retry.',
        status: 401,
      };
    case 'missing_scope': {
      const required = err.requiredScopes && err.requiredScopes.length > 0 ? err.requiredScopes : call.scopes;
      return {
        kind: 'insufficient_scope',
        message: `Gitea says this token lacks the ${required.join(' and ')} scope${required.length > 1 ? 's' : ''} needed by ${call.toolName}. Reconnect Gatea and grant ${required.length > 1 ? 'them' : 'it'}, then retry.`,
        status: 403,
        requiredScopes: required,
      };
    }
    case 'public_only':
      return {
        kind: 'insufficient_scope',
        message:
          'This token is limited to public repositories and organizations (public-only), so private ones look missing. Reconnect Gatea without the public-only restriction to reach them.',
        status: 403,
      };
    case 'forbidden':
      return {
        kind: 'forbidden',
        message: `Gitea refused ${call.toolName}${onTarget(call.args)}: you do not have permission to do this.${said}`,
        status: 403,
      };
    case 'not_found':
      return { kind: 'not_found', message: describeNotFound(call.args), status: 404 };
    case 'conflict':
      return { kind: 'conflict', message: `Gitea reports a conflict${onTarget(call.args)}.${said}`, status: 409 };
    case 'validation':
      return { kind: 'rejected', message: `Gitea rejected the request${onTarget(call.args)}.${said}`, status: 422 };
    case 'off_site_url':
      return {
        kind: 'upstream_unavailable',
        message: `Gitea gave a file address outside the Gitea URL Gatea is configured with (${err.giteaMessage ?? 'another origin'}), so Gatea did not send your token there. Open the file's downloadUrl yourself; the Gatea operator should set GITEA_URL to Gitea's ROOT_URL.`,
        status: 502,
      };
    case 'bad_response':
      // A Gitea whose answer no longer fits the models tools read (src/gitea/models.ts): say where, not a wrong summary.
      call.log.warn(
        {
          gitea_code: err.code,
          status: err.status,
          tool: call.toolName,
          request_id: call.requestId,
          detail: err.giteaMessage,
        },
        'gitea_error',
      );
      return {
        kind: 'upstream_unavailable',
        message: `Gitea answered ${call.toolName} in a shape Gatea does not understand (${sanitizeText(err.giteaMessage ?? 'malformed answer').slice(0, 200)} in ${err.method} ${err.path}), so no summary was made.${call.readOnly === false ? ' The change may already have been applied: check before retrying.' : ''} This Gitea version may be unsupported; give request id ${call.requestId} to the Gatea operator.`,
        status: 502,
      };
    case 'too_large':
      call.log.warn(
        { gitea_code: err.code, tool: call.toolName, request_id: call.requestId, detail: err.giteaMessage },
        'gitea_error',
      );
      return {
        kind: 'upstream_unavailable',
        message: `Gitea's answer to ${call.toolName}${onTarget(call.args)} is too large for Gatea to read (${err.giteaMessage ?? 'over its limit'}), so it was not read. Open it in Gitea's web interface instead; for a pull request whose diff is this large, pull_request_read method get_files lists the changed files.`,
        status: 502,
      };
    case 'timeout':
      return {
        kind: 'upstream_unavailable',
        message: 'Gitea did not answer in time. Retry, or ask for less (a smaller page or a line range).',
        status: 504,
      };
    case 'unreachable':
      return {
        kind: 'upstream_unavailable',
        message:
          'Gatea cannot reach Gitea right now. Retry in a moment; if it persists, the Gatea operator should check that Gitea is up.',
        status: 502,
      };
    default:
      call.log.warn(
        { gitea_code: err.code, status: err.status, tool: call.toolName, request_id: call.requestId },
        'gitea_error',
      );
      return {
        kind: 'upstream_unavailable',
        message: `Gitea failed to answer ${call.toolName} properly (HTTP ${err.status ?? '?'}). Retry in a moment; if it persists, give request id ${call.requestId} to the Gatea operator.`,
        status: 502,
      };
  }
}

/** Gitea's own message, sanitized and bounded, as a trailing sentence. */
function giteaSaid(err: GiteaError): string {
  const raw = typeof err.giteaMessage === 'string' ? err.giteaMessage : '';
  const clean = sanitizeText(raw).replace(/\s+/g, ' ').trim().slice(0, 300);
  return clean ? ` Gitea says: "${clean}".` : '';
}

function field(args: unknown, key: string): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const v = (args as Record<string, unknown>)[key];
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function onTarget(args: unknown): string {
  const owner = field(args, 'owner');
  const repo = field(args, 'repo');
  if (owner && repo) return ` on ${owner}/${repo}`;
  const org = field(args, 'org') ?? field(args, 'organization');
  return org ? ` on ${org}` : '';
}

/** Sub-targets a 404 may be about, in the order they are named. */
const TARGETS: readonly [string, string][] = [
  ['path', 'the path'],
  ['branch', 'the branch'],
  ['tag', 'the tag'],
  ['sha', 'the commit'],
  ['ref', 'the ref'],
  ['from', 'the ref'],
  ['attachmentId', 'the attachment'],
  ['commentId', 'the comment'],
];

function describeNotFound(args: unknown): string {
  const owner = field(args, 'owner');
  const repo = field(args, 'repo');
  if (owner && repo) {
    const sub = TARGETS.map(([k, label]) => [field(args, k), label] as const).find(([v]) => v !== undefined);
    const index = typeof args === 'object' && args !== null ? (args as Record<string, unknown>).index : undefined;
    // A pull request or issue number names the likelier missing thing than the repository.
    const numbered = typeof index === 'number' ? `#${index}` : undefined;
    const tail = sub
      ? `, or ${sub[1]} "${sub[0]}" does not exist in it`
      : numbered
        ? `, or ${numbered} does not exist in it`
        : '';
    return `Repository ${owner}/${repo} not found or not visible to you${tail}. Check the spelling; private repositories you cannot access look the same as missing ones.`;
  }
  const pkg = field(args, 'packageName');
  if (owner && pkg) {
    const version = field(args, 'version');
    const what = `${field(args, 'packageType') ?? ''} package ${pkg}${version ? ` version ${version}` : ''}`.trim();
    return `The ${what} of ${owner} was not found or is not visible to you. List the owner's packages with package_read to check the type, name and version.`;
  }
  const org = field(args, 'org') ?? field(args, 'organization');
  if (org) return `Organization ${org} not found or not visible to you.`;
  return 'Gitea found nothing there: it does not exist or is not visible to you.';
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError' && !(err instanceof GiteaError);
}
