/** Logging with redaction, and metrics. */
export { createLogger, type Logger, type LoggerOptions, type LogLevelName, scrub, scrubText } from './logger.js';
export type { GatewayMetrics, Surface } from './metrics.js';

/**
 * The metrics module (prom-client), loaded only when an operator exposes
 * metrics: nothing else reads them, and counting costs memory and CPU per call.
 */
export const loadMetrics = () => import('./metrics.js');
