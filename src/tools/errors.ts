/** Errors raised by the tool layer itself (not by Gitea). */

/**
 * The caller's arguments cannot work: a missing per-method parameter, a bad
 * range, an unknown key. Its message is shown to the user as-is, so it names
 * the parameter and says what to send instead.
 */
export class ToolInputError extends Error {
  readonly code = 'invalid_input' as const;
  constructor(
    message: string,
    /** The offending parameter, when there is one. */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'ToolInputError';
  }
}

/**
 * Gitea answered 404 and the tool worked out which of the things the call
 * named is missing (a ref rather than the repository, an issue number given
 * to a pull request tool). Its message names that thing and says what to do
 * instead, and is shown as-is.
 */
export class ToolNotFoundError extends Error {
  readonly code = 'not_found' as const;
  constructor(
    message: string,
    /** The parameter that names the missing thing, when there is one. */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'ToolNotFoundError';
  }
}

/**
 * The tool selection in the configuration names tools or toolsets that do
 * not exist. `gatea` prints it and exits 2 (DESIGN §5).
 */
export class ToolSelectionError extends Error {
  readonly code = 'invalid_tool_selection' as const;
  constructor(
    /** The setting that holds the bad names, e.g. `GATEA_TOOLSETS`. */
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolSelectionError';
  }
}
