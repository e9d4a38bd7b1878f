/**
 * What the simulator was asked, for tests that judge a gateway by what
 * reached Gitea (not by what the gateway answered): every request's method,
 * path and status, and for API routes the Swagger template and the token
 * scope categories Gitea's router puts it under. Kept in memory, bounded.
 */
import type { ScopeCategory } from '../scopes.js';

/** One request the simulator served. */
export interface SimRequestRecord {
  /** 1, 2, 3… in arrival order. */
  readonly seq: number;
  readonly method: string;
  /** Path without the query string, e.g. `/api/v1/repos/alice/hello-world`. */
  readonly path: string;
  /** The raw query string without `?` (empty when none). */
  readonly query: string;
  /** The API route template under /api/v1 that matched (`/repos/{owner}/{repo}`), if one did. */
  route?: string;
  /** That route's token scope categories (all required, at the method's level). */
  scope?: readonly ScopeCategory[];
  /** The answer's status; 0 until it is sent. */
  status: number;
}

/** The most recent requests (oldest dropped first beyond `max`). */
export class RequestLog {
  private entries: SimRequestRecord[] = [];
  private seq = 0;

  constructor(private readonly max = 2000) {}

  /** Records a request as it arrives; the caller fills in route, scope and status. */
  begin(method: string, url: URL): SimRequestRecord {
    const record: SimRequestRecord = {
      seq: ++this.seq,
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 0,
    };
    this.entries.push(record);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return record;
  }

  /** The sequence number of the latest request so far: pass it to `since` later. */
  mark(): number {
    return this.seq;
  }

  /** The requests that arrived after `mark`, oldest first. */
  since(mark: number): readonly SimRequestRecord[] {
    return this.entries.filter((e) => e.seq > mark);
  }
}
