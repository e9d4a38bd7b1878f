/** Recognises secrets that are empty or still a placeholder from an example file. */

const PLACEHOLDER =
  /^(-{3,}.*|x{3,}|changeme|change-me|change_me|todo|tbd|<.*>|\$\{.*\}|your[-_ ].*|replace[-_ ]?me|secret|password|token)$/i;

/** Why `value` cannot be a real secret, or null when it may be one. */
export function secretProblem(value: string): string | null {
  if (value.trim() === '') return 'is empty';
  if (PLACEHOLDER.test(value.trim()))
    return `looks like a placeholder ("${value.trim().slice(0, 12)}…"), not a real secret`;
  return null;
}
