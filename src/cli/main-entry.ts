/** Entry for running the CLI from source (tests: `node --import tsx src/cli/main-entry.ts …`). */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
