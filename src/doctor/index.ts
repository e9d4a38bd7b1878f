/** `gatea doctor`: checks a deployment from outside, as a client meets it, and reports each finding with its fix. */
export {
  buildReport,
  type DeploymentMode,
  type DoctorReport,
  exitCodeOf,
  type Finding,
  type FindingStatus,
  redactSecret,
  renderJson,
  renderText,
} from './report.js';
export { DEFAULT_DOCTOR_TIMEOUT_MS, type DoctorOptions, runDoctor } from './run.js';
export { classifyToken, parseTarget, type Target, type TokenKind } from './target.js';
