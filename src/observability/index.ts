/** Logging with redaction. */
export { createLogger, type Logger, type LoggerOptions, type LogLevelName, scrub, scrubText } from './logger.js';
