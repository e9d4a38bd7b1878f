/**
 * Cache of API scope probe passes, keyed by the SHA-256 of the token (never
 * the token). A pass is kept until the token expires, capped by `maxTtlMs`,
 * and dropped the moment Gitea rejects the token, so a revoked grant is not
 * kept alive by the cache.
 */

export interface ProbeCacheOptions {
  /** Longest a pass is trusted, in milliseconds, even for tokens without expiry (PATs). */
  maxTtlMs: number;
  /** Upper bound on entries; the oldest is evicted first. */
  maxEntries: number;
  now: () => number;
}

export class ProbeCache<V = true> {
  private readonly entries = new Map<string, { until: number; value: V }>();

  constructor(private readonly opts: ProbeCacheOptions) {
    if (!(opts.maxTtlMs > 0) || !(opts.maxEntries > 0))
      throw new TypeError('ProbeCache needs positive maxTtlMs and maxEntries');
  }

  /** What was recorded with a still-valid pass for `tokenHash`, or undefined. */
  getPass(tokenHash: string): V | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (entry.until > this.opts.now()) return entry.value;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** True when a pass for `tokenHash` is still valid. */
  hasPass(tokenHash: string): boolean {
    return this.getPass(tokenHash) !== undefined;
  }

  /** Records a pass until `tokenExpiresAtMs` (or the cap, whichever is sooner). */
  recordPass(tokenHash: string, tokenExpiresAtMs: number | null, value: V): void {
    const cap = this.opts.now() + this.opts.maxTtlMs;
    const until = tokenExpiresAtMs === null ? cap : Math.min(cap, tokenExpiresAtMs);
    this.entries.delete(tokenHash);
    if (until <= this.opts.now()) return;
    this.entries.set(tokenHash, { until, value });
    if (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Forgets a token, e.g. after Gitea answered 401 for it. */
  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }
}
