// The plain "Tests: N passed, N failed" line from a vitest JSON report (argv[2]), prefixed by argv[3].
// A test file that fails outside any test (an import error, a failing beforeAll) counts as one
// failure: vitest reports its tests as skipped, and the line must not say "0 failed" for a red run.
import { readFileSync } from 'node:fs';

const [, , reportPath, prefix = ''] = process.argv;
const r = JSON.parse(readFileSync(reportPath, 'utf8'));
const brokenFiles = r.testResults.filter(
  (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
).length;
const failed = r.numFailedTests + brokenFiles;
const skipped = r.numPendingTests ? `, ${r.numPendingTests} skipped` : '';
console.log(`${prefix}Tests: ${r.numPassedTests} passed, ${failed} failed${skipped}`);
