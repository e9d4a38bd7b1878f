// The second half of `npm run build` (after `tsc -p tsconfig.build.json` type-checks):
// bundles the CLI with its dependencies into dist/, which bin/gatea.js loads.
//
// Why: `gatea serve` spent 85–90 % of its start-up resolving and compiling ~960
// module files, and their source text stayed resident (bench/RESULTS.md,
// "Start-up and memory: bundled build"). One bundle cuts both.
//
// - ES modules with code splitting: the subcommands main.ts imports on demand
//   (sim, demo, stdio, doctor, keys) become chunks that `serve` never loads.
// - Native or optional modules stay external and load from node_modules at run
//   time: better-sqlite3 (a compiled addon, imported only for a sqlite: URL) and
//   pg-native (pg's optional native binding, never installed here).
// - Bundled CommonJS packages call `require` for Node built-ins; the banner gives
//   the ESM output a real one.
// - Whitespace and syntax are minified (less source text kept in memory).
//   Identifiers are not: mangling saved another ~7 MB idle RSS but renames
//   classes, and dependencies read `this.constructor.name` (jose's and
//   oauth4webapi's error names, which Gatea logs and reports); keepNames undid
//   most of the saving. The source map lets `node --enable-source-maps` point
//   at src/.
// - zod's `locales` namespace (every language's error messages, ~290 KB, all
//   evaluated because `z` is imported whole) is cut down to English, the one
//   zod configures by default and the only one Gatea uses: idle RSS of `serve`
//   98 -> 83 MB in two runs of bench/startup.ts. Messages are unchanged (zod
//   configures English from locales/en.js directly); only `z.locales.<other>`
//   would be undefined in the bundle, and nothing calls it.
//
// `node scripts/bundle.mjs [outdir]`: dist/ unless another directory is given
// (test/e2e/cli-bundle.test.ts bundles into a scratch directory).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const external = ['better-sqlite3', 'pg-native'];

/** Resolves zod's `../locales/index.js` (from zod/v4/classic, core and mini) to English only. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: 'zod-locales-en', namespace: 'zod-english-only', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};
const outdir = process.argv[2] ?? 'dist';

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { gatea: 'src/cli/main.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  legalComments: 'linked',
  banner: {
    js: "import { createRequire as __gateaRequire } from 'node:module'; const require = __gateaRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
  plugins: [zodEnglishOnly],
});
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
process.stdout.write(`bundled src/cli/main.ts into ${outputs.length} files in ${outdir}/\n`);
