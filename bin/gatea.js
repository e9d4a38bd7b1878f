#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ by `npm run build` (scripts/bundle.mjs),
// which the prepare script runs on `npm install`.
import { setFlagsFromString } from 'node:v8';

// V8 lets the old generation grow to about four times what survives a collection while a server
// allocates fast; 50 % keeps a busy gateway near 130 MB instead of 200+ at the same throughput
// (bench/RESULTS.md). A GC heuristic read at each collection, so it can be set here; NODE_OPTIONS
// does not accept it. `node --heap-growing-percent=N bin/gatea.js` keeps the operator's value.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent')))
  setFlagsFromString('--heap-growing-percent=50');

const { main } = await import('../dist/gatea.js');
process.exitCode = await main(process.argv.slice(2));
