/** One sample request per simulator route, run by sim-swagger.test.ts against a seeded simulator. */
export interface RouteSample {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The swagger template this sample exercises (must equal a SimRouter route path). */
  route: string;
  /** Concrete path under /api/v1, with seeded names filled in. */
  path: string;
  /** Seeded user whose PAT is sent; anonymous when absent. */
  as?: string;
  /** Seeded user who signs in with Basic auth (login and password) instead, for the Basic-only routes. */
  basicAs?: string;
  json?: unknown;
  /** Expected success status. */
  status: number;
}
