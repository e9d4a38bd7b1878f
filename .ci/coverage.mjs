#!/usr/bin/env node
// Coverage of src/ and sim/ from one test run, including the code that ran in child processes.
//
// Run the suite as `NODE_V8_COVERAGE=.tmp/coverage/raw npm test -- --coverage`:
//  - @vitest/coverage-v8 measures the test workers (report in .tmp/coverage/vitest);
//  - every process the tests spawn (`gatea stdio`, `gatea serve`, `gatea demo`) inherits
//    NODE_V8_COVERAGE and writes raw V8 coverage there, which c8 turns into a report.
// This script combines both, prints the totals and fails when one is below .ci/coverage-floor.json.
// `--run` runs the suite that way first (`npm run coverage`); `--raise` moves the floor up to
// what was measured, less a small margin for runs that differ by timing. The floor never goes down.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';

const root = join(import.meta.dirname, '..');
const dir = join(root, '.tmp/coverage');
const floorFile = join(root, '.ci/coverage-floor.json');
const METRICS = ['lines', 'statements', 'functions', 'branches'];
/** Points below the measured value that the raised floor sits, so timing-dependent paths do not flap. */
const MARGIN = 0.5;

if (process.argv.includes('--run')) {
  rmSync(dir, { recursive: true, force: true });
  const run = spawnSync('npm', ['test', '--', '--coverage'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_V8_COVERAGE: join(dir, 'raw') },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const inProcess = join(dir, 'vitest/coverage-final.json');
if (!existsSync(inProcess)) {
  console.error(
    `coverage: ${inProcess} is missing; run NODE_V8_COVERAGE=.tmp/coverage/raw npm test -- --coverage first`,
  );
  process.exit(2);
}
const workers = libCoverage.createCoverageMap(JSON.parse(readFileSync(inProcess, 'utf8')));

/** Line hits per file in the spawned processes (c8's report of their raw V8 coverage). */
function childLineHits() {
  const raw = join(dir, 'raw');
  if (!existsSync(raw)) return new Map();
  const children = join(dir, 'children');
  // Test workers' raw files hold code Vite transformed in memory; c8 finds no src/ file in them,
  // so only the spawned processes (plain Node with tsx) contribute here.
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/c8/bin/c8.js'),
      'report',
      '--temp-directory',
      raw,
      '--reports-dir',
      children,
      '--reporter=json',
      '--include=src/**',
      '--include=sim/**',
      '--exclude=**/*.gen.ts',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  const map = libCoverage.createCoverageMap(JSON.parse(readFileSync(join(children, 'coverage-final.json'), 'utf8')));
  return new Map(map.files().map((f) => [f, map.fileCoverageFor(f).getLineCoverage()]));
}

// The two converters cut code into statements differently, so their maps cannot be merged
// statement by statement. Lines can: a line the workers' map counts is covered when either
// the workers or a spawned process ran it. Statements, functions and branches are the workers'.
const children = childLineHits();
let total = 0;
let covered = 0;
for (const file of workers.files()) {
  const inChild = children.get(file) ?? {};
  for (const [line, hits] of Object.entries(workers.fileCoverageFor(file).getLineCoverage())) {
    total++;
    if (hits > 0 || (inChild[line] ?? 0) > 0) covered++;
  }
}
const summary = workers.getCoverageSummary().toJSON();
const measured = {
  lines: total === 0 ? 0 : Math.round((covered / total) * 10_000) / 100,
  statements: summary.statements.pct,
  functions: summary.functions.pct,
  branches: summary.branches.pct,
};
const floor = existsSync(floorFile) ? JSON.parse(readFileSync(floorFile, 'utf8')) : {};
const below = METRICS.filter((m) => measured[m] < (floor[m] ?? 0));
console.log(
  `Coverage of src + sim (${workers.files().length} files; lines include ${children.size} files run in spawned processes): ${METRICS.map(
    (m) => `${m} ${measured[m].toFixed(2)}% (floor ${(floor[m] ?? 0).toFixed(2)})`,
  ).join(', ')}`,
);

if (process.argv.includes('--raise')) {
  const raised = Object.fromEntries(
    METRICS.map((m) => [m, Math.max(floor[m] ?? 0, Math.floor((measured[m] - MARGIN) * 100) / 100)]),
  );
  writeFileSync(floorFile, `${JSON.stringify(raised, null, 2)}\n`);
  console.log(`coverage: floor now ${JSON.stringify(raised)}`);
}
if (below.length > 0) {
  console.error(`coverage: below the floor in ${below.join(', ')}; add tests for the code you changed`);
  process.exit(1);
}
