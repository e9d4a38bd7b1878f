/** Logging with redaction. */
export { createLogger, type Logger, scrub } from './logger.js';
