import type { RouteSample } from './types.js';

export const miscSamples: RouteSample[] = [
  { method: 'GET', route: '/version', path: '/version', status: 200 },
  { method: 'GET', route: '/settings/api', path: '/settings/api', status: 200 },
];
