/** Configuration: one validated object from env and flags. */
export { applyFlags, type Config, ConfigError, type LogLevel, loadConfig, SETTINGS } from './load.js';
export { renderConfigurationMarkdown } from './docs.js';
export { secretProblem } from './secrets.js';
