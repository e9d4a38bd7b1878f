/**
 * Output shaping shared by every toolset: paging parameters and results, and
 * byte caps on large text that say how to fetch the rest (DESIGN §7: "large
 * files and diffs are paged, never silently cut").
 */
import { z } from 'zod';

/** Gitea's default `[api] MAX_RESPONSE_ITEMS`: larger `limit`s are clamped to it. */
export const MAX_PER_PAGE = 50;
/** Page size when the caller gives none. */
export const DEFAULT_PER_PAGE = 30;
/** Cap on file content returned by one call. */
export const MAX_CONTENT_BYTES = 64 * 1024;
/** Cap on diff text returned by one call. */
export const MAX_DIFF_BYTES = 64 * 1024;

/**
 * The shared page size. Larger values are accepted and lowered to
 * MAX_PER_PAGE by `clampPerPage` (defineTool applies it to every tool that
 * uses this schema), so a call asking for 100 gets 50 and a note, not an
 * error; Gitea itself would clamp silently and break the nextPage arithmetic.
 */
export const perPageInput = z.coerce.number().int().min(1).default(DEFAULT_PER_PAGE).describe(`Max ${MAX_PER_PAGE}.`);

/** Input properties for paged list tools (spread into a tool's `z.object`). */
export const pagingInput = {
  page: z.coerce.number().int().min(1).default(1).describe('Page.'),
  perPage: perPageInput,
};

/**
 * Lowers `args.perPage` to MAX_PER_PAGE in place (on arguments `parse` just
 * built) and returns the sentence the result carries, or undefined when it
 * was within bounds.
 */
export function clampPerPage(args: Record<string, unknown>): string | undefined {
  const asked = args.perPage;
  if (typeof asked !== 'number' || asked <= MAX_PER_PAGE) return undefined;
  args.perPage = MAX_PER_PAGE;
  return `perPage ${asked} is more than the ${MAX_PER_PAGE} Gitea returns per page, so this page has at most ${MAX_PER_PAGE}; pass nextPage as page for the rest.`;
}

/** `result` with `note` prepended to its own note (results that are not plain objects are left as they are). */
export function withNote(result: unknown, note: string | undefined): unknown {
  if (note === undefined || typeof result !== 'object' || result === null || Array.isArray(result)) return result;
  const own = (result as { note?: unknown }).note;
  return { ...result, note: typeof own === 'string' && own !== '' ? `${note} ${own}` : note };
}

/** What the Gitea client's `requestPage` returns (only the fields shaping needs). */
export interface PageLike<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly perPage: number;
  readonly total?: number | null;
  readonly nextPage: number | null;
}

/** The paging fields every list result carries. */
export interface PageFields {
  readonly page: number;
  readonly perPage: number;
  /** How many items there are in all; null when Gitea does not say. */
  readonly total: number | null;
  /** The page to ask for next; null on the last page. */
  readonly nextPage: number | null;
}

/** `res`'s paging fields, for list results that cannot be one `pageResult` (several item arrays, extra fields). */
export function pageFields(res: PageLike<unknown>): PageFields {
  return {
    page: res.page,
    perPage: res.perPage,
    total: typeof res.total === 'number' ? res.total : null,
    nextPage: res.nextPage,
  };
}

/**
 * A paged tool result, the one shape of every list: `{ [key]: items, page,
 * perPage, total, nextPage }`. `nextPage: null` means last page.
 */
export function pageResult<T, U>(key: string, res: PageLike<T>, map: (item: T) => U): Record<string, unknown> {
  return { [key]: res.items.map(map), ...pageFields(res) };
}

/**
 * A page of a list Gitea answers with its count beside the items (e.g.
 * `{workflow_runs, total_count}`): the count decides whether more follow;
 * without one, a full page means there may be more.
 */
export function pageFromCount<T>(
  items: readonly T[],
  page: number,
  perPage: number,
  total: number | null | undefined,
): PageLike<T> {
  const known = typeof total === 'number' ? total : null;
  const more = known !== null ? page * perPage < known : items.length >= perPage;
  return { items, page, perPage, total: known, nextPage: more ? page + 1 : null };
}

/**
 * Page `page` of a list Gitea answers whole (its endpoint has no paging), cut
 * here so one answer stays bounded and every list pages the same way.
 */
export function pageOfAll<T>(all: readonly T[], page: number, perPage: number): PageLike<T> {
  const start = (page - 1) * perPage;
  return pageFromCount(all.slice(start, start + perPage), page, perPage, all.length);
}

const encoder = new TextEncoder();

/** UTF-8 byte length. */
function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** A window of lines of a text file. */
export interface LineWindow {
  readonly content: string;
  readonly startLine: number;
  /** Last line included (inclusive); `startLine - 1` when the window is empty. */
  readonly endLine: number;
  readonly totalLines: number;
  /** True when lines after `endLine` exist (cut by the request or by the byte cap). */
  readonly truncated: boolean;
  /** Where to continue, or null when the file is done. */
  readonly nextStartLine: number | null;
}

/**
 * Lines `startLine..endLine` (1-based, inclusive) of `text`, cut at the last
 * whole line that fits in `maxBytes` (a single over-long line is cut mid-line).
 */
export function sliceLines(text: string, startLine: number, endLine: number | undefined, maxBytes: number): LineWindow {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const totalLines = lines.length;
  const last = Math.min(endLine ?? totalLines, totalLines);
  const picked: string[] = [];
  let bytes = 0;
  let line = startLine;
  for (; line <= last; line++) {
    const l = lines[line - 1] ?? '';
    const size = byteLength(l) + 1;
    if (bytes + size > maxBytes) {
      if (picked.length === 0) picked.push(cutToBytes(l, maxBytes));
      else line--;
      break;
    }
    picked.push(l);
    bytes += size;
  }
  const shownEnd = Math.min(line, last);
  const truncated = shownEnd < totalLines;
  return {
    content: picked.join('\n'),
    startLine,
    endLine: picked.length === 0 ? startLine - 1 : shownEnd,
    totalLines,
    truncated,
    nextStartLine: truncated ? shownEnd + 1 : null,
  };
}

/** A window of a large text by byte offset, cut at a line boundary. */
export interface ByteWindow {
  readonly text: string;
  readonly offset: number;
  readonly totalBytes: number;
  /** Byte offset to pass next time, or null when the text is done. */
  readonly nextOffset: number | null;
}

/**
 * Bytes `offset..offset+maxBytes` of `text`, ending at the last newline in the
 * window when there is one, so diffs are never cut mid-line.
 */
export function sliceBytes(text: string, offset: number, maxBytes: number): ByteWindow {
  const all = encoder.encode(text);
  const start = Math.min(offset, all.length);
  let end = Math.min(start + maxBytes, all.length);
  if (end < all.length) {
    const nl = all.lastIndexOf(0x0a, end - 1);
    if (nl >= start) end = nl + 1;
  }
  return {
    text: new TextDecoder().decode(all.subarray(start, end)),
    offset: start,
    totalBytes: all.length,
    nextOffset: end < all.length ? end : null,
  };
}

function cutToBytes(text: string, maxBytes: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  // fatal: false drops a split multi-byte character at the cut.
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD$/, '');
}

/**
 * A page built from a plain `request` (for envelopes such as `/repos/search`'s
 * `{ok, data}` that the client's `requestPage` does not unwrap). Uses Gitea's
 * `X-Total-Count` when present, else "a full page means there may be more".
 */
export function pageFromHeaders<T>(items: readonly T[], headers: Headers, page: number, perPage: number): PageLike<T> {
  const totalHeader = headers.get('x-total-count');
  const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
  return pageFromCount(items, page, perPage, total);
}
