/** Configuration: one validated object from env and flags. */

export { renderConfigurationMarkdown } from './docs.js';
export { applyFlags, type Config, ConfigError, type ConfigProblem, loadConfig, type OAuthMode } from './load.js';
export { FILE_SUFFIX, withSettingFiles } from './secret-files.js';
export { secretProblem } from './secrets.js';
export {
  ENV_SCHEMA,
  isAddressOrCidr,
  LOG_LEVELS,
  type LogLevel,
  listSettings,
  type SettingDoc,
  type SettingMeta,
  type SettingName,
} from './settings.js';
