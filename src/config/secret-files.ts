/**
 * `NAME_FILE`: a setting read from a file instead of the environment, as
 * Docker and Compose secrets (`/run/secrets/…`) and Kubernetes secret volumes
 * provide them. One trailing line break is dropped (files written by `echo`
 * and editors end with one). The file's content is never shown in a message.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, type ConfigProblem } from './load.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The suffix of a variable that names the file holding another variable's value. */
export const FILE_SUFFIX = '_FILE';

/** Secrets are short; a larger file is a wrong path (a certificate bundle, a log). */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** The value `name` gets from `${name}_FILE`, if that is set; or the problem with it. */
function fromFile(env: Env, name: string): { value: string } | { problem: ConfigProblem } | null {
  const path = env[`${name}${FILE_SUFFIX}`];
  if (path === undefined) return null;
  const setting = `${name}${FILE_SUFFIX}`;
  if (env[name] !== undefined && env[name] !== '')
    return { problem: { setting, problem: `is set together with ${name}; set only one` } };
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    return {
      problem: {
        setting,
        problem: `names "${path}", which cannot be read (${code}); check the path and that Gatea's user may read it`,
      },
    };
  }
  if (content.byteLength > MAX_SECRET_FILE_BYTES)
    return { problem: { setting, problem: `names "${path}", which is larger than 64 KiB: not a secret file` } };
  return { value: content.toString('utf8').replace(/\r?\n$/, '') };
}

/**
 * `env` with each of `names` that has a `NAME_FILE` set to that file's
 * content; throws ConfigError naming every variable that could not be read.
 */
export function withSettingFiles(env: Env, names: Iterable<string>): Env {
  const out: Record<string, string | undefined> = { ...env };
  const problems: ConfigProblem[] = [];
  for (const name of names) {
    const read = fromFile(env, name);
    if (!read) continue;
    if ('problem' in read) problems.push(read.problem);
    else out[name] = read.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}
