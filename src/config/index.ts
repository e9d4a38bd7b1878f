/** Configuration: one validated object from env and flags. */

export { renderConfigurationMarkdown } from './docs.js';
export { applyFlags, type Config, ConfigError, type LogLevel, loadConfig, SETTINGS } from './load.js';
export { secretProblem } from './secrets.js';
