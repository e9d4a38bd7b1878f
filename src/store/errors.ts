/** Why a store operation failed; stable strings callers can switch on. */
export type StoreErrorCode =
  /** GATEA_DATABASE_URL has an unknown scheme or cannot be parsed. */
  | 'bad_url'
  /** The database could not be opened or reached. */
  | 'unreachable'
  /** The database was migrated by a newer Gatea than this one. */
  | 'schema_newer'
  /** A row with the same key already exists. */
  | 'duplicate'
  /** A stored value does not have the shape Gatea wrote (manual edits, corruption). */
  | 'corrupt_row';

/** A failure of the persistence layer; the message names the setting or record and never a secret. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A driver error as one line; node's connect errors can be an AggregateError with an empty message. */
export function describeDriverError(err: unknown): string {
  if (err instanceof AggregateError && err.message === '') {
    return err.errors.map(describeDriverError).join('; ') || 'connection failed';
  }
  if (err instanceof Error) {
    const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
    return err.message || code || err.name;
  }
  return String(err);
}
