/**
 * The one builder of Gitea API paths. A path is a route template from
 * Gitea's API (`/repos/{owner}/{repo}/branches/{branch*}`) filled with typed
 * values; no caller joins user input as text. `{name}` takes one segment;
 * `{name*}` takes a slash-separated name (a file path, a branch `feature/x`),
 * which Gitea routes as a wildcard, so its slashes stay literal; in `{name}`
 * a slash is encoded and Gitea decodes it into the one parameter.
 *
 * Every value is checked before it is encoded: dot segments (`.`, `..`,
 * also percent-encoded), encoded separators, backslashes, control characters
 * and lone surrogates are refused with a GiteaPathError naming the
 * parameter, so no argument can climb out of the tool's endpoint (the
 * WHATWG URL parser would resolve `..` and `%2e%2e` into another route).
 * The built path is then matched against the template once more.
 */

/** The parameter names of a template: `{owner}` and `{path*}` give `owner | path`. */
export type RouteParams<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${infer N}*` ? N : Name) | RouteParams<Rest>
  : never;

/** A value for one path parameter: text, or a whole number (issue index, run id). */
export type PathValue = string | number;

const BRAND: unique symbol = Symbol('GiteaPath');

/** A Gitea API path made by `giteaPath`, the only way to name an endpoint to the client. */
export interface GiteaPath {
  readonly [BRAND]: true;
  /** The route template it was built from (for logs and tests). */
  readonly template: string;
  /** The encoded path below `/api/v1`, starting with `/`. */
  readonly path: string;
}

/** A path parameter whose value cannot be put in a Gitea URL; the message is for the user. */
export class GiteaPathError extends Error {
  readonly code = 'invalid_path_value' as const;
  constructor(
    /** The template parameter, named as the tool's argument. */
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`"${parameter}" ${reason}`);
    this.name = 'GiteaPathError';
  }
}

interface CompiledTemplate {
  readonly parts: readonly ({ literal: string } | { param: string; multi: boolean })[];
  readonly pattern: RegExp;
}

const compiled = new Map<string, CompiledTemplate>();

const SEGMENT = "[A-Za-z0-9\\-_.!~*'()%]+";

function compile(template: string): CompiledTemplate {
  const hit = compiled.get(template);
  if (hit) return hit;
  if (!template.startsWith('/') || /\/\/|\/$|\.\.|[?#]/.test(template))
    throw new TypeError(`malformed Gitea route template: ${template}`);
  const parts: CompiledTemplate['parts'][number][] = [];
  let source = '^';
  for (const token of template.split(/(\{[A-Za-z][A-Za-z0-9]*\*?\})/)) {
    if (token === '') continue;
    if (token.startsWith('{')) {
      const multi = token.endsWith('*}');
      parts.push({ param: token.slice(1, multi ? -2 : -1), multi });
      source += multi ? `${SEGMENT}(?:/${SEGMENT})*` : SEGMENT;
    } else {
      if (/[{}]/.test(token)) throw new TypeError(`malformed Gitea route template: ${template}`);
      parts.push({ literal: token });
      source += token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  const entry = { parts, pattern: new RegExp(`${source}$`) };
  compiled.set(template, entry);
  return entry;
}

/** Characters that never belong in a path segment: C0/C1 controls, DEL, backslash. */
const FORBIDDEN_CHAR = /[\p{Cc}\\]/u;
/** Percent-encoded `.`, `/` and `\`: decoded by some layer, they become separators or dot segments. */
const ENCODED_SEPARATOR = /%(2e|2f|5c)/i;
/** In `u` mode a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /\p{Cs}/u;

function checkSegment(parameter: string, segment: string): void {
  if (segment === '') throw new GiteaPathError(parameter, 'is empty or has an empty part between slashes.');
  if (segment === '.' || segment === '..')
    throw new GiteaPathError(
      parameter,
      `may not contain a "${segment}" part: give the exact name without dot segments.`,
    );
  if (FORBIDDEN_CHAR.test(segment))
    throw new GiteaPathError(parameter, 'contains a control character or a backslash, which Gitea names never have.');
  if (ENCODED_SEPARATOR.test(segment))
    throw new GiteaPathError(parameter, 'contains a percent-encoded ".", "/" or "\\"; send the plain name instead.');
  if (LONE_SURROGATE.test(segment))
    throw new GiteaPathError(parameter, 'is not valid Unicode text (a lone surrogate).');
}

function encodeValue(parameter: string, value: PathValue | undefined, multi: boolean): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new GiteaPathError(parameter, 'must be a whole number ≥ 0.');
    return String(value);
  }
  if (typeof value !== 'string') throw new GiteaPathError(parameter, 'is required.');
  // Every part between slashes is checked, also in a one-segment value: there `/` is sent as %2F
  // (a ref `feature/x`, a milestone `2024/Q1`), and a proxy that decodes it must not find a `..`.
  const parts = value.split('/');
  for (const part of parts) checkSegment(parameter, part);
  return multi ? parts.map(encodeURIComponent).join('/') : encodeURIComponent(value);
}

/**
 * Builds the path of `template` with `params`; throws GiteaPathError for a
 * value that cannot be a path segment. A `{name*}` value may not start or end
 * with `/` either: callers strip those first if they mean to accept them.
 */
export function giteaPath<const T extends string>(
  template: T,
  ...[params]: RouteParams<T> extends never ? [] : [Readonly<Record<RouteParams<T>, PathValue>>]
): GiteaPath {
  const { parts, pattern } = compile(template);
  const values = (params ?? {}) as Readonly<Record<string, PathValue | undefined>>;
  let path = '';
  for (const part of parts)
    path += 'literal' in part ? part.literal : encodeValue(part.param, values[part.param], part.multi);
  // Cannot fail while encodeValue is right; kept so a future change to it cannot widen a route.
  if (!pattern.test(path)) throw new TypeError(`built Gitea path does not fit ${template}`);
  return Object.freeze({ [BRAND]: true as const, template, path });
}

/** True when `value` is a path built by `giteaPath` (the client refuses anything else). */
export function isGiteaPath(value: unknown): value is GiteaPath {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/** True when `path` (encoded, below /api/v1) fits `template`. */
export function matchesRoute(template: string, path: string): boolean {
  return compile(template).pattern.test(path);
}
