/** Recognises secrets that are empty or still a placeholder from an example file. */

// Values copied from example files and templates rather than real credentials (DESIGN §5, STYLE §2.6).
const PLACEHOLDER =
  /^(-{3,}.*|\.{3,}|x{3,}[-_x]*|changeme|change[-_ ]me|todo\b.*|tbd|fixme|<.*>|\$\{.*\}|\{\{.*\}\}|your[-_ ].*|replace[-_ ]?me|secret|password|token|example|placeholder|dummy|none|null|undefined)$/i;

/** Why `value` cannot be a real secret, or null when it may be one. */
export function secretProblem(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'is empty';
  // Show at most a short prefix: a real secret that trips the check must not be logged whole.
  if (PLACEHOLDER.test(v))
    return `looks like a placeholder ("${v.slice(0, 12)}${v.length > 12 ? '…' : ''}"); set the real value`;
  return null;
}
