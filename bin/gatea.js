#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ by `npm run build` (scripts/bundle.mjs),
// which the prepare script runs on `npm install`.
import { main } from '../dist/gatea.js';

process.exitCode = await main(process.argv.slice(2));
