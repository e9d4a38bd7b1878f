/**
 * Bounds what unknown tokens can cost Gitea. A token Gitea rejected is
 * remembered briefly (negative cache, by token hash), and each client address
 * may trigger only so many upstream validations (userinfo, introspection,
 * the scope probe) per window; cached passes cost nothing and are not counted.
 */

export interface ValidationLimitOptions {
  /** Upstream validations one client address may trigger per window. */
  perClient: number;
  windowMs: number;
  /** How long a rejected token is answered from memory. */
  rejectionTtlMs: number;
  /** Upper bound on remembered clients and rejections each; the oldest go first. */
  maxEntries: number;
  now: () => number;
}

function boundedSet<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

export class ValidationLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly rejected = new Map<string, { until: number; message: string }>();

  constructor(private readonly opts: ValidationLimitOptions) {
    if (!(opts.perClient > 0 && opts.windowMs > 0 && opts.rejectionTtlMs > 0 && opts.maxEntries > 0))
      throw new TypeError('ValidationLimit needs positive limits');
  }

  /** Counts one upstream validation for `client`; returns seconds to wait when over the limit, else 0. */
  take(client: string): number {
    const now = this.opts.now();
    const w = this.windows.get(client);
    if (!w || now - w.start >= this.opts.windowMs) {
      boundedSet(this.windows, client, { start: now, count: 1 }, this.opts.maxEntries);
      return 0;
    }
    if (w.count >= this.opts.perClient) return Math.max(1, Math.ceil((w.start + this.opts.windowMs - now) / 1000));
    w.count++;
    return 0;
  }

  /** The message a recently rejected credential got, if it is still remembered. */
  rejection(credentialKey: string): string | undefined {
    const r = this.rejected.get(credentialKey);
    if (!r) return undefined;
    if (r.until > this.opts.now()) return r.message;
    this.rejected.delete(credentialKey);
    return undefined;
  }

  rememberRejection(credentialKey: string, message: string): void {
    boundedSet(
      this.rejected,
      credentialKey,
      { until: this.opts.now() + this.opts.rejectionTtlMs, message },
      this.opts.maxEntries,
    );
  }
}
