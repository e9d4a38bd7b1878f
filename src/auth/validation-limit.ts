/**
 * Bounds what unknown tokens can cost Gitea. A token Gitea rejected is
 * remembered briefly (negative cache, by token hash), and each client address
 * may trigger only so many upstream validations (userinfo, introspection,
 * the scope probe) per window; cached passes cost nothing and are not counted.
 */
import type { AuthError } from './errors.js';

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

/** At most `limit` events per key per window (fixed windows; the oldest keys are forgotten first). */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly opts: { limit: number; windowMs: number; maxKeys: number; now: () => number }) {
    if (!(opts.limit > 0 && opts.windowMs > 0 && opts.maxKeys > 0))
      throw new TypeError('FixedWindowLimiter needs positive limits');
  }

  /** Counts one event for `key`; returns seconds to wait when over the limit, else 0. */
  take(key: string): number {
    const now = this.opts.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.opts.windowMs) {
      boundedSet(this.windows, key, { start: now, count: 1 }, this.opts.maxKeys);
      return 0;
    }
    if (w.count >= this.opts.limit) return Math.max(1, Math.ceil((w.start + this.opts.windowMs - now) / 1000));
    w.count++;
    return 0;
  }
}

export class ValidationLimit {
  private readonly perClient: FixedWindowLimiter;
  private readonly rejected = new Map<string, { until: number; error: AuthError }>();

  constructor(private readonly opts: ValidationLimitOptions) {
    if (!(opts.rejectionTtlMs > 0 && opts.maxEntries > 0)) throw new TypeError('ValidationLimit needs positive limits');
    this.perClient = new FixedWindowLimiter({
      limit: opts.perClient,
      windowMs: opts.windowMs,
      maxKeys: opts.maxEntries,
      now: opts.now,
    });
  }

  /** Counts one upstream validation for `client`; returns seconds to wait when over the limit, else 0. */
  take(client: string): number {
    return this.perClient.take(client);
  }

  /** The refusal a recently rejected credential got, if it is still remembered. */
  rejection(credentialKey: string): AuthError | undefined {
    const r = this.rejected.get(credentialKey);
    if (!r) return undefined;
    if (r.until > this.opts.now()) return r.error;
    this.rejected.delete(credentialKey);
    return undefined;
  }

  /** Remembers a refusal that asking Gitea again would repeat (a revoked token, a token without API scope). */
  rememberRejection(credentialKey: string, error: AuthError): void {
    boundedSet(
      this.rejected,
      credentialKey,
      { until: this.opts.now() + this.opts.rejectionTtlMs, error },
      this.opts.maxEntries,
    );
  }
}
