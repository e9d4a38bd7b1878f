/**
 * The headless Chromium the browser tests drive, found without apt:
 * - Debian's `/usr/bin/chromium` when it is installed;
 * - otherwise the Chromium that the `@sparticuz/chromium` devDependency ships
 *   (brotli-packed inside the npm package, unpacked once per package version
 *   into the temporary folder).
 * `GATEA_TEST_BROWSER=npm` forces the npm-shipped one, `GATEA_TEST_BROWSER=system`
 * Debian's. A test that gets no browser fails with what to install; it never skips.
 * package.json pins @sparticuz/chromium to 147.0.0: 147.0.1 and later declare Node 22.17+,
 * and the project supports Node 20.19.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium package puts its launcher here. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The environment variable that picks the browser: `npm`, `system`, or unset for system-if-installed. */
export const BROWSER_ENV = 'GATEA_TEST_BROWSER';

/**
 * Flags for a closed network and a throwaway profile: nothing phones home or updates itself.
 * Playwright adds a fresh `--user-data-dir` per launch.
 */
const CLOSED_NETWORK_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const HOW_TO_GET_ONE =
  'Install a browser for the browser tests: run `npm install` (the devDependency @sparticuz/chromium ships a headless Chromium), ' +
  `or install Debian's Chromium (\`apt-get install chromium\`, giving ${SYSTEM_CHROMIUM}).`;

/** Which browser a launch uses, and why (for failure messages). */
export interface BrowserChoice {
  source: 'system' | 'npm';
  reason: string;
}

/** Picks the browser from GATEA_TEST_BROWSER and what is installed. */
export function chooseBrowser(env: NodeJS.ProcessEnv = process.env): BrowserChoice {
  const wanted = env[BROWSER_ENV] ?? '';
  if (wanted === 'npm') return { source: 'npm', reason: `${BROWSER_ENV}=npm` };
  if (wanted === 'system') return { source: 'system', reason: `${BROWSER_ENV}=system` };
  if (wanted !== '')
    throw new Error(
      `${BROWSER_ENV}=${wanted} is not understood: use npm, system, or leave it unset (system if installed).`,
    );
  try {
    accessSync(SYSTEM_CHROMIUM, constants.X_OK);
    return { source: 'system', reason: `${SYSTEM_CHROMIUM} is installed` };
  } catch {
    return { source: 'npm', reason: `${SYSTEM_CHROMIUM} is not installed` };
  }
}

/** The @sparticuz/chromium package's root folder and version, or an error saying to install it. */
function npmChromiumPackage(): { root: string; version: string } {
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  } catch {
    throw new Error(`The npm package @sparticuz/chromium is not installed. ${HOW_TO_GET_ONE}`);
  }
  // main is <root>/build/cjs/index.cjs
  const root = dirname(dirname(dirname(main)));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { root, version };
}

/**
 * Unpacks the npm-shipped Chromium into `<tmp>/gatea-chromium-<version>` once and returns its
 * executable. The package unpacks into `os.tmpdir()`, which it reads synchronously when
 * called: pointing TMPDIR at a private staging folder for that call, then renaming the folder
 * into place, keeps a half-unpacked or other-version browser from ever being picked up, and
 * lets parallel test processes race safely (the first rename wins).
 */
async function npmChromiumPath(): Promise<string> {
  const { version } = npmChromiumPackage();
  const dir = join(tmpdir(), `gatea-chromium-${version}`);
  const executable = join(dir, 'chromium');
  const cached = statSync(dir, { throwIfNoEntry: false });
  // Someone else's folder, or one others may write to: launching from it would run their code.
  if (cached && (cached.uid !== userInfo().uid || (cached.mode & 0o022) !== 0))
    throw new Error(`${dir} is not owned by this user or is writable by others; remove it and run the tests again.`);
  if (existsSync(executable)) return executable;
  const { default: Chromium } = await import('@sparticuz/chromium');
  const staging = await mkdtemp(`${dir}-staging-`);
  try {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    let unpacked: Promise<string>;
    try {
      unpacked = Chromium.executablePath();
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    const path = await unpacked;
    if (path !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${path}, not ${staging}`);
    await rename(staging, dir).catch((err: NodeJS.ErrnoException) => {
      // Another process renamed its copy first: use that one.
      if (!existsSync(executable)) throw err;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return executable;
}

/** Launches headless Chromium for a test (see the file comment for which one); fails with what to install. */
export async function launchTestBrowser(): Promise<Browser> {
  const choice = chooseBrowser();
  let executablePath: string;
  let args: string[];
  try {
    if (choice.source === 'system') {
      accessSync(SYSTEM_CHROMIUM, constants.X_OK);
      executablePath = SYSTEM_CHROMIUM;
      args = CLOSED_NETWORK_FLAGS;
    } else {
      executablePath = await npmChromiumPath();
      const { default: Chromium } = await import('@sparticuz/chromium');
      args = [...Chromium.args, ...CLOSED_NETWORK_FLAGS];
    }
  } catch (err) {
    throw new Error(
      `No browser for the browser tests (${choice.reason}): ${err instanceof Error ? err.message : String(err)}\n${HOW_TO_GET_ONE}`,
    );
  }
  try {
    return await chromium.launch({ executablePath, headless: true, args });
  } catch (err) {
    throw new Error(
      `Could not start ${executablePath} (${choice.reason}): ${err instanceof Error ? err.message : String(err)}\n${HOW_TO_GET_ONE}`,
    );
  }
}
