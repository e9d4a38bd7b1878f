/**
 * Untrusted text from Gitea (descriptions, commit messages, names) reaches a
 * model verbatim. Invisible and bidirectional control characters let an
 * author hide instructions or make text read differently than it executes
 * ("Trojan Source", CVE-2021-42574), so prose fields are stripped of them.
 * File contents and diffs are not rewritten (a round-trip edit would silently
 * change the file); `findHiddenCharacters` reports them instead.
 */

// Zero-width space/non-joiner, LRM/RLM, bidi embeddings/overrides (U+202A–E) and isolates (U+2066–9),
// word joiner and invisible operators (U+2060–4), BOM, Arabic letter mark, Mongolian vowel separator,
// Unicode tag characters (U+E0000–E007F, used for invisible "ASCII smuggling"), and C0/C1 controls
// other than tab, newline and carriage return. ZWJ (U+200D) stays: emoji sequences need it.
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u061C\u180E\u00AD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\uDB40[\uDC00-\uDC7F]/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** Removes invisible and bidirectional control characters from untrusted prose. */
export function sanitizeText(text: string): string {
  return text.replace(HIDDEN, '');
}

/** `sanitizeText` for an optional field; keeps `undefined`/`null` as `undefined`. */
export function sanitizeOptional(text: string | null | undefined): string | undefined {
  return typeof text === 'string' ? sanitizeText(text) : undefined;
}

/** A warning for content that carries hidden or bidi characters, or undefined when it is clean. */
export function findHiddenCharacters(content: string): string | undefined {
  HIDDEN.lastIndex = 0;
  const hidden = HIDDEN.test(content);
  HIDDEN.lastIndex = 0;
  if (!hidden) return undefined;
  return BIDI.test(content)
    ? 'This content contains bidirectional control characters: it may display differently than it reads to a compiler.'
    : 'This content contains invisible characters (zero-width, tag or control characters).';
}
