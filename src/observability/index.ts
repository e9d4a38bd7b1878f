/** Logging with redaction, and metrics. */
export { createLogger, type Logger, type LoggerOptions, type LogLevelName, scrub, scrubText } from './logger.js';
export { GatewayMetrics, type Surface, timeOperations } from './metrics.js';
