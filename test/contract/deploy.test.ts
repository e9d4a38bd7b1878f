/**
 * Issue 13: the deployment files in deploy/ are checked as far as this machine
 * can (no container runtime, no cluster): every Kubernetes object is validated
 * against the Kubernetes API schema (kubernetes-models), the security
 * properties the docs promise are asserted, the Dockerfile and compose file
 * are checked for structure, and every setting they set is fed through Gatea's
 * own loadConfig, so a renamed or retyped setting fails here before it fails
 * in someone's cluster.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { DOCTOR_TOKEN_ENV } from '../../src/cli/doctor.js';
import { ConfigError, FILE_SUFFIX, listSettings, loadConfig } from '../../src/config/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

// ---------------------------------------------------------------------------
// Settings: the names deploy/ may use
// ---------------------------------------------------------------------------

const SETTINGS = listSettings();
const GATEA_NAMES = new Set<string>(SETTINGS.map((s) => s.env));
/** Image variables that are not Gatea settings: glibc's allocator tuning (deploy/Dockerfile says why). */
const IMAGE_RUNTIME_VARIABLES = new Set(['MALLOC_MMAP_THRESHOLD_']);
/** Compose variables that are not Gatea settings: the PostgreSQL image's own password. */
const COMPOSE_ONLY_VARIABLES = new Set(['POSTGRES_PASSWORD']);

/** Values that must never be written into a deployment file: credentials and what contains them. */
function isSecretName(name: string): boolean {
  const setting = SETTINGS.find((s) => s.env === name);
  return (
    setting?.secret === true ||
    // The client id is validated as a credential; the database URL usually holds a password.
    name === 'GITEA_OAUTH_CLIENT_ID' ||
    name === 'GATEA_DATABASE_URL' ||
    /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|(^|_)KEY($|_)/.test(name)
  );
}

/** Values that pass Gatea's checks, standing in for real secrets. */
const FILLED_SECRETS: Record<string, string> = {
  GATEA_DATABASE_URL: 'postgres://gatea:s3cr3t-value@postgresql:5432/gatea',
  GITEA_OAUTH_CLIENT_ID: '3f0c5a2e-8d7b-4c61-9a0e-2b1d4f6e8a90',
  GITEA_OAUTH_CLIENT_SECRET: 'gto_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqr',
  GATEA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  POSTGRES_PASSWORD: 'a1b2c3d4e5f6a1b2c3d4e5f6',
};

// ---------------------------------------------------------------------------
// Small readers for parsed YAML (unknown until checked)
// ---------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown, where: string): Json {
  if (!isObj(v)) throw new TypeError(`${where} must be a mapping`);
  return v;
}
function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new TypeError(`${where} must be a list`);
  return v;
}
function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new TypeError(`${where} must be a string`);
  return v;
}
/** `a.b.c` inside `root`, or undefined. */
function at(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of path.split('.')) cur = isObj(cur) ? cur[key] : undefined;
  return cur;
}

// ---------------------------------------------------------------------------
// Kubernetes manifests
// ---------------------------------------------------------------------------

const K8S_DIR = 'deploy/kubernetes';
const SECRET_TEMPLATE = 'secret.example.yaml';

/**
 * One kubernetes-models class per kind used in deploy/kubernetes. The parsed
 * YAML is handed to the model unchecked on purpose: validate() is the check.
 */
const VALIDATORS: Record<string, (data: Json) => void> = {
  'apps/v1 Deployment': (d) => new Deployment(d as ConstructorParameters<typeof Deployment>[0]).validate(),
  'v1 Service': (d) => new Service(d as ConstructorParameters<typeof Service>[0]).validate(),
  'autoscaling/v2 HorizontalPodAutoscaler': (d) =>
    new HorizontalPodAutoscaler(d as ConstructorParameters<typeof HorizontalPodAutoscaler>[0]).validate(),
  'policy/v1 PodDisruptionBudget': (d) =>
    new PodDisruptionBudget(d as ConstructorParameters<typeof PodDisruptionBudget>[0]).validate(),
  'networking.k8s.io/v1 NetworkPolicy': (d) =>
    new NetworkPolicy(d as ConstructorParameters<typeof NetworkPolicy>[0]).validate(),
  'networking.k8s.io/v1 Ingress': (d) => new Ingress(d as ConstructorParameters<typeof Ingress>[0]).validate(),
  'v1 Secret': (d) => new Secret(d as ConstructorParameters<typeof Secret>[0]).validate(),
};

interface Manifest {
  file: string;
  kind: string;
  apiVersion: string;
  name: string;
  data: Json;
}

/** Every YAML document of every file in deploy/kubernetes; a YAML error (duplicate keys included) throws. */
function loadManifests(): Manifest[] {
  const files = readdirSync(`${ROOT}${K8S_DIR}`).filter((f) => /\.ya?ml$/.test(f));
  return files.flatMap((file) =>
    parseAllDocuments(read(`${K8S_DIR}/${file}`)).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const data = obj(doc.toJS(), file);
      return {
        file,
        kind: str(data.kind, `${file} kind`),
        apiVersion: str(data.apiVersion, `${file} apiVersion`),
        // A Kustomization is kustomize's file, not an API object: it has no name.
        name: data.kind === 'Kustomization' ? '' : str(at(data, 'metadata.name'), `${file} metadata.name`),
        data,
      };
    }),
  );
}

const MANIFESTS = loadManifests();
function only(kind: string, file?: string): Manifest {
  const found = MANIFESTS.filter((m) => m.kind === kind && (file === undefined || m.file === file));
  if (found.length !== 1) throw new Error(`expected exactly one ${kind} in ${K8S_DIR}, found ${found.length}`);
  return found[0] as Manifest;
}

const deployment = only('Deployment');
const podSpec = obj(at(deployment.data, 'spec.template.spec'), 'Deployment pod spec');
const containers = list(podSpec.containers, 'containers').map((c, i) => obj(c, `container ${i}`));
const gatea = obj(
  containers.find((c) => c.name === 'gatea'),
  'the container named gatea',
);
const env = list(gatea.env, 'gatea env').map((e, i) => obj(e, `env ${i}`));
const secretTemplate = only('Secret', SECRET_TEMPLATE);
const secretValues = obj(secretTemplate.data.stringData, `${SECRET_TEMPLATE} stringData`);

/** The container's literal (non-secret) environment. */
function literalEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env) if (typeof e.value === 'string') out[str(e.name, 'env name')] = e.value;
  return out;
}

/** A container port by name, as a number. */
function containerPort(name: string): number {
  const port = list(gatea.ports, 'ports')
    .map((p) => obj(p, 'port'))
    .find((p) => p.name === name);
  return Number(port?.containerPort);
}

/** Kubernetes quantities in base units (cores or bytes). */
function quantity(q: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(String(q));
  if (!m) throw new TypeError(`not a quantity: ${String(q)}`);
  const factor: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 };
  return Number(m[1]) * (m[2] ? (factor[m[2]] as number) : 1);
}

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  it('every object validates against the Kubernetes API schema', () => {
    const objects = MANIFESTS.filter((m) => m.kind !== 'Kustomization');
    expect(objects.length).toBeGreaterThanOrEqual(7);
    for (const m of objects) {
      const validate = VALIDATORS[`${m.apiVersion} ${m.kind}`];
      expect(validate, `${m.file}: no model for ${m.apiVersion} ${m.kind}`).toBeDefined();
      expect(() => validate?.(m.data), `${m.file} (${m.kind} ${m.name})`).not.toThrow();
    }
  });

  it('the schema check really refuses a broken object', () => {
    const broken = structuredClone(deployment.data);
    obj(at(broken, 'spec'), 'spec').replicas = 'two';
    expect(() => VALIDATORS['apps/v1 Deployment']?.(broken)).toThrow(/replicas/);
  });

  it('kustomization.yaml lists every manifest except the Secret template', () => {
    const k = only('Kustomization');
    expect(k.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    const listed = list(k.data.resources, 'resources').map((r) => str(r, 'resource'));
    const files = [...new Set(MANIFESTS.map((m) => m.file))].filter(
      (f) => f !== 'kustomization.yaml' && f !== SECRET_TEMPLATE,
    );
    expect([...listed].sort()).toEqual(files.sort());
    expect(listed).not.toContain(SECRET_TEMPLATE);
  });

  it('the Deployment runs two non-root replicas that cannot write or escalate', () => {
    expect(at(deployment.data, 'spec.replicas')).toBe(2);
    const pod = obj(podSpec.securityContext, 'pod securityContext');
    expect(pod.runAsNonRoot).toBe(true);
    expect(at(pod, 'seccompProfile.type')).toBe('RuntimeDefault');
    expect(podSpec.automountServiceAccountToken).toBe(false);
    // A Service named gatea would otherwise inject GATEA_PORT=tcp://… (Docker-link variables).
    expect(podSpec.enableServiceLinks).toBe(false);
    for (const c of containers) {
      const sc = obj(c.securityContext, `${String(c.name)} securityContext`);
      expect(sc.readOnlyRootFilesystem).toBe(true);
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(sc.privileged ?? false).toBe(false);
      expect(list(at(sc, 'capabilities.drop'), 'capabilities.drop')).toContain('ALL');
      expect(at(sc, 'capabilities.add')).toBeUndefined();
      expect(sc.runAsNonRoot ?? pod.runAsNonRoot).toBe(true);
      expect(at(sc, 'seccompProfile.type') ?? at(pod, 'seccompProfile.type')).toBe('RuntimeDefault');
      const uid = Number(sc.runAsUser ?? pod.runAsUser);
      expect(uid).toBeGreaterThan(0);
      // The same user the image declares, so files the image owns for it (/data) line up.
      expect(uid).toBe(dockerfileUser().uid);
      const image = str(c.image, 'image');
      expect(image).toMatch(/:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('probes: startup and liveness on /healthz, readiness on /readyz, all on the http port', () => {
    expect(at(gatea, 'livenessProbe.httpGet.path')).toBe('/healthz');
    expect(at(gatea, 'startupProbe.httpGet.path')).toBe('/healthz');
    expect(at(gatea, 'readinessProbe.httpGet.path')).toBe('/readyz');
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
      expect(at(gatea, `${probe}.httpGet.port`), probe).toBe('http');
    expect(containerPort('http')).toBe(Number(literalEnv().GATEA_PORT));
    expect(containerPort('http')).toBe(dockerfileExposedPort());
  });

  it('resources: requests and limits for CPU and memory, requests within limits', () => {
    for (const r of ['cpu', 'memory']) {
      const request = quantity(at(gatea, `resources.requests.${r}`));
      const limit = quantity(at(gatea, `resources.limits.${r}`));
      expect(request, r).toBeGreaterThan(0);
      expect(request, r).toBeLessThanOrEqual(limit);
    }
  });

  it('shutdown: the grace period outlasts the preStop pause', () => {
    const grace = Number(podSpec.terminationGracePeriodSeconds);
    const pause = Number(at(gatea, 'lifecycle.preStop.sleep.seconds') ?? 0);
    expect(grace).toBeGreaterThan(pause + 10);
  });

  it('credentials come only from the Secret, by secretKeyRef; no literal values, no envFrom', () => {
    expect(gatea.envFrom).toBeUndefined();
    const names = env.map((e) => str(e.name, 'env name'));
    expect(new Set(names).size, 'no variable set twice').toBe(names.length);
    const fromSecret = env.filter((e) => at(e, 'valueFrom.secretKeyRef') !== undefined);
    expect(fromSecret.map((e) => e.name)).toEqual(
      expect.arrayContaining(['GITEA_OAUTH_CLIENT_ID', 'GITEA_OAUTH_CLIENT_SECRET', 'GATEA_ENCRYPTION_KEY']),
    );
    expect(fromSecret.map((e) => e.name)).toContain('GATEA_DATABASE_URL');
    for (const e of env) {
      const name = str(e.name, 'env name');
      if (!isSecretName(name)) continue;
      expect(e.value, `${name} must not be written in the Deployment`).toBeUndefined();
      const ref = obj(at(e, 'valueFrom.secretKeyRef'), `${name} secretKeyRef`);
      expect(ref.name).toBe(secretTemplate.name);
      expect(ref.key).toBe(name);
      if (ref.optional !== true) expect(Object.keys(secretValues), `${name} in the Secret template`).toContain(name);
    }
  });

  it('several replicas use PostgreSQL: the database URL comes from the Secret, never SQLite', () => {
    const url = env.find((e) => e.name === 'GATEA_DATABASE_URL');
    expect(at(url, 'valueFrom.secretKeyRef.key')).toBe('GATEA_DATABASE_URL');
    expect(String(secretValues.GATEA_DATABASE_URL)).toMatch(/^<postgres(ql)?:\/\//);
  });

  it('every variable set is a Gatea setting, and the filled-in configuration loads in broker mode', () => {
    for (const name of env.map((e) => str(e.name, 'env name'))) expect(GATEA_NAMES, name).toContain(name);
    for (const name of Object.keys(secretValues)) expect(GATEA_NAMES, name).toContain(name);
    const config = loadConfig({ ...literalEnv(), ...FILLED_SECRETS });
    expect(config.oauth.mode).toBe('broker');
    expect(config.store.backend).toBe('postgres');
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.publicUrl).toMatch(/^https:\/\//);
    // In-cluster callers use the Service's name; it must be an accepted Host.
    const service = only('Service');
    expect(config.http.allowedHosts).toContain(service.name);
  });

  it('an unedited Secret template cannot start Gatea: every placeholder is refused by name', () => {
    let error: unknown;
    try {
      loadConfig({ ...literalEnv(), ...(secretValues as Record<string, string>) });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const refused = new Set((error as ConfigError).problems.map((p) => p.setting));
    for (const key of Object.keys(secretValues)) expect(refused, `${key} placeholder`).toContain(key);
  });

  it('Service, PodDisruptionBudget, NetworkPolicy, HPA and spread constraints select the Deployment’s pods', () => {
    const selector = obj(at(deployment.data, 'spec.selector.matchLabels'), 'Deployment selector');
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    expect(at(deployment.data, 'spec.template.metadata.labels')).toMatchObject(selector);
    expect(at(only('Service').data, 'spec.selector')).toEqual(selector);
    expect(at(only('PodDisruptionBudget').data, 'spec.selector.matchLabels')).toEqual(selector);
    expect(at(only('NetworkPolicy').data, 'spec.podSelector.matchLabels')).toEqual(selector);
    for (const t of list(podSpec.topologySpreadConstraints, 'topologySpreadConstraints'))
      expect(at(t, 'labelSelector.matchLabels')).toEqual(selector);
    const hpa = only('HorizontalPodAutoscaler');
    expect(at(hpa.data, 'spec.scaleTargetRef')).toEqual({
      apiVersion: deployment.apiVersion,
      kind: 'Deployment',
      name: deployment.name,
    });
    // A budget as large as the smallest replica count would block every node drain.
    const minReplicas = Math.min(
      Number(at(hpa.data, 'spec.minReplicas')),
      Number(at(deployment.data, 'spec.replicas')),
    );
    expect(minReplicas).toBeGreaterThanOrEqual(2);
    expect(Number(at(only('PodDisruptionBudget').data, 'spec.minAvailable'))).toBeLessThan(minReplicas);
  });

  it('the Service and Ingress route to the container port named http, on the public URL’s host', () => {
    const service = only('Service');
    const port = obj(list(at(service.data, 'spec.ports'), 'Service ports')[0], 'Service port');
    expect(port.targetPort).toBe('http');
    const rule = list(at(only('Ingress').data, 'spec.rules'), 'Ingress rules')[0];
    const path = list(at(rule, 'http.paths'), 'Ingress paths')[0];
    expect(at(path, 'backend.service')).toEqual({ name: service.name, port: { name: port.name } });
    expect(at(rule, 'host')).toBe(new URL(literalEnv().GATEA_PUBLIC_URL ?? '').host);
  });

  it('metrics: scrape annotations name the metrics port that GATEA_METRICS_PORT opens', () => {
    const annotations = obj(at(deployment.data, 'spec.template.metadata.annotations'), 'pod annotations');
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(annotations['prometheus.io/path']).toBe('/metrics');
    expect(Number(annotations['prometheus.io/port'])).toBe(9464);
    expect(containerPort('metrics')).toBe(9464);
    expect(literalEnv().GATEA_METRICS_PORT).toBe('9464');
  });

  it('the NetworkPolicy admits 8080 and 9464 and lets out only DNS, PostgreSQL and HTTPS', () => {
    const policy = only('NetworkPolicy').data;
    expect(at(policy, 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
    const ports = (rules: unknown) =>
      list(rules, 'rules').flatMap((r) => list(at(r, 'ports'), 'rule ports').map((p) => Number(at(p, 'port'))));
    expect(ports(at(policy, 'spec.ingress')).sort()).toEqual([containerPort('http'), containerPort('metrics')].sort());
    // Metrics are unauthenticated: that rule must name who may scrape.
    const metricsRule = list(at(policy, 'spec.ingress'), 'ingress').find((r) => ports([r]).includes(9464));
    expect(list(at(metricsRule, 'from'), 'metrics from').length).toBeGreaterThan(0);
    expect([...new Set(ports(at(policy, 'spec.egress')))].sort((a, b) => a - b)).toEqual([53, 443, 5432]);
  });
});

// ---------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Instructions (comments dropped, `\` continuations joined) grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    pending = pending === '' ? line : `${pending} ${line}`;
    if (pending.endsWith('\\')) pending = pending.slice(0, -1).trimEnd();
    else {
      logical.push(pending);
      pending = '';
    }
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: m?.[1] ?? args, name: m?.[2], instructions: [] });
    } else stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const DOCKERFILE = parseDockerfile(read('deploy/Dockerfile'));
const FINAL = DOCKERFILE.at(-1) as Stage;
const ops = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);

/** `ENV A=1 B=2` pairs of a stage. */
function envOf(stage: Stage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const args of ops(stage, 'ENV'))
    for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g))
      out[m[1] as string] = (m[2] as string).replace(/^"|"$/g, '');
  return out;
}

function dockerfileUser(): { uid: number; gid: number | undefined } {
  const users = ops(FINAL, 'USER');
  const m = /^(\d+)(?::(\d+))?$/.exec(users.at(-1) ?? '');
  if (!m) throw new Error(`the final stage's USER must be numeric, not ${users.at(-1) ?? 'absent'}`);
  return { uid: Number(m[1]), gid: m[2] === undefined ? undefined : Number(m[2]) };
}

function dockerfileExposedPort(): number {
  return Number(ops(FINAL, 'EXPOSE').at(-1)?.split('/')[0]);
}

/** COPY sources and flags: `COPY [--from=x] a b dest`. */
function copies(stage: Stage): { from: string | undefined; sources: string[] }[] {
  return ops(stage, 'COPY').map((args) => {
    const words = args.split(/\s+/);
    const flags = words.filter((w) => w.startsWith('--'));
    const paths = words.filter((w) => !w.startsWith('--'));
    const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
    return { from, sources: paths.slice(0, -1) };
  });
}

describe('deploy/Dockerfile', () => {
  it('is multi-stage: build (npm ci + npm run build), production dependencies, runtime', () => {
    const byName = new Map(DOCKERFILE.map((s) => [s.name, s]));
    const build = byName.get('build');
    const deps = byName.get('deps');
    expect(build && deps, 'stages named build and deps').toBeTruthy();
    expect(ops(build as Stage, 'RUN').some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(ops(build as Stage, 'RUN').some((r) => /\bnpm run build\b/.test(r))).toBe(true);
    expect(ops(deps as Stage, 'RUN').some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(FINAL.name).toBeUndefined();
  });

  it('every FROM names an exact version tag (no latest, no bare image), at least the Node package.json requires', () => {
    const engines = /(\d+)\.(\d+)/.exec(JSON.parse(read('package.json')).engines.node) as RegExpExecArray;
    for (const { from } of DOCKERFILE) {
      expect(from).not.toMatch(/:latest$/);
      const m = /^([\w./-]+):(\d+)\.(\d+)\.(\d+)(-[\w.-]+)?$/.exec(from);
      expect(m, `${from} must be pinned to an exact version`).not.toBeNull();
      const [major, minor] = [Number(m?.[2]), Number(m?.[3])];
      expect(major).toBe(Number(engines[1]));
      expect(minor).toBeGreaterThanOrEqual(Number(engines[2]));
    }
    // Every stage on the same base, so the native module built in `deps` matches the runtime's Node.
    expect(new Set(DOCKERFILE.map((s) => s.from)).size).toBe(1);
  });

  it('the final stage runs as a numeric non-root user', () => {
    const { uid, gid } = dockerfileUser();
    expect(uid).toBeGreaterThan(0);
    expect(gid ?? 1).toBeGreaterThan(0);
  });

  it('copies only build output, production dependencies, package.json and the launcher into the final stage', () => {
    const stageNames = DOCKERFILE.slice(0, -1).map((s) => s.name);
    expect(ops(FINAL, 'ADD')).toEqual([]);
    const allowedFromStage: Record<string, string[]> = { build: ['/app/dist'], deps: ['/app/node_modules'] };
    const seen: string[] = [];
    for (const c of copies(FINAL)) {
      if (c.from !== undefined) {
        expect(stageNames).toContain(c.from);
        for (const s of c.sources) expect(allowedFromStage[c.from] ?? [], `${c.from}:${s}`).toContain(s);
      } else for (const s of c.sources) expect(['package.json', 'bin'], s).toContain(s);
      seen.push(...c.sources);
    }
    expect(seen.sort()).toEqual(['/app/dist', '/app/node_modules', 'bin', 'package.json']);
  });

  it('the image starts the built launcher, and the launcher loads what the build stage bundles', () => {
    expect(JSON.parse(ops(FINAL, 'CMD').at(-1) ?? 'null')).toEqual(['node', 'bin/gatea.js', 'serve']);
    // bin/gatea.js imports dist/gatea.js: scripts/bundle.mjs must bundle src/cli/main.ts to exactly there.
    const launcher = read('bin/gatea.js');
    const target = /import\('([^']+)'\)/.exec(launcher)?.[1] ?? '';
    expect(posix.normalize(posix.join('bin', target))).toBe('dist/gatea.js');
    const bundler = read('scripts/bundle.mjs');
    expect(bundler).toContain("entryPoints: { gatea: 'src/cli/main.ts' }");
    expect(bundler).toContain("const outdir = process.argv[2] ?? 'dist';");
    expect(existsSync(`${ROOT}src/cli/main.ts`)).toBe(true);
    // The build type-checks what it bundles, then bundles; the build stage runs it with the bundler copied in.
    expect(JSON.parse(read('package.json')).scripts.build).toBe(
      'tsc -p tsconfig.build.json && node scripts/bundle.mjs',
    );
    expect(JSON.parse(read('tsconfig.build.json')).include).toEqual(expect.arrayContaining(['src', 'sim']));
    const build = DOCKERFILE.find((s) => s.name === 'build') as Stage;
    expect(ops(build, 'RUN').join('\n')).toContain('npm run build');
    expect(copies(build).flatMap((c) => c.sources)).toEqual(
      expect.arrayContaining(['tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs', 'src', 'sim']),
    );
  });

  it('HEALTHCHECK asks /healthz with node (no curl in slim images)', () => {
    const health = ops(FINAL, 'HEALTHCHECK').at(-1) ?? '';
    expect(health).toContain('/healthz');
    expect(health).toMatch(/CMD \["node",/);
    expect(health).not.toMatch(/\b(curl|wget)\b/);
  });

  it('bakes no secret: ENV names are non-secret Gatea settings (or the allocator tuning), and there is no ARG', () => {
    for (const stage of DOCKERFILE) {
      expect(ops(stage, 'ARG'), 'build arguments end up in the image history').toEqual([]);
      for (const [name, value] of Object.entries(envOf(stage))) {
        if (IMAGE_RUNTIME_VARIABLES.has(name)) continue;
        expect(GATEA_NAMES, name).toContain(name);
        // A SQLite path holds no credential; a postgres:// URL would.
        const harmless = name === 'GATEA_DATABASE_URL' && value.startsWith('sqlite:');
        expect(isSecretName(name) && !harmless, `${name} looks like a secret`).toBe(false);
      }
    }
  });

  it('with a read-only root, SQLite lives on the /data volume, owned by the runtime user; listening on all interfaces', () => {
    const runtime = envOf(FINAL);
    // GITEA_URL is the one setting without a default; it comes from the deployment.
    const config = loadConfig({ ...runtime, GITEA_URL: 'https://git.example.com' });
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.port).toBe(dockerfileExposedPort());
    expect(config.store.backend).toBe('sqlite');
    const dbPath = runtime.GATEA_DATABASE_URL?.slice('sqlite:'.length) ?? '';
    const volumes = ops(FINAL, 'VOLUME').flatMap((v) => (v.startsWith('[') ? JSON.parse(v) : v.split(/\s+/)));
    expect(volumes).toContain(posix.dirname(dbPath));
    const { uid, gid } = dockerfileUser();
    expect(ops(FINAL, 'RUN').join('\n')).toContain(`chown ${uid}:${gid ?? uid} ${posix.dirname(dbPath)}`);
  });

  it('.dockerignore denies everything but what the build stages copy from the context', () => {
    const lines = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines[0]).toBe('*');
    const allowed = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const fromContext = DOCKERFILE.flatMap((s) => copies(s).filter((c) => c.from === undefined)).flatMap(
      (c) => c.sources,
    );
    expect([...new Set(fromContext)].sort()).toEqual([...allowed].sort());
    expect(allowed).not.toContain('.env');
  });
});

// ---------------------------------------------------------------------------
// compose.yaml
// ---------------------------------------------------------------------------

const COMPOSE = obj(parse(read('deploy/compose.yaml'), { uniqueKeys: true }), 'compose.yaml');
const services = obj(COMPOSE.services, 'services');
const composeGatea = obj(services.gatea, 'services.gatea');
const composePostgres = obj(services.postgres, 'services.postgres');
const composeEnv = obj(composeGatea.environment, 'services.gatea.environment');

/** Compose variable references `${NAME…}` in a value: name, operator and the rest. */
function references(value: string): { name: string; op: string }[] {
  return [...value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+]?)([^}]*)\}/g)].map((m) => ({
    name: m[1] as string,
    op: m[2] as string,
  }));
}

/** Compose's interpolation of `${NAME:?msg}`, `${NAME:-default}` and `${NAME}` against `vars`. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\}/g, (_all, name: string, op, rest) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '-') return rest;
    if (op === '?') throw new Error(`${name} is required: ${rest}`);
    return '';
  });
}

describe('deploy/compose.yaml', () => {
  it('builds the Gatea image from deploy/Dockerfile and starts it after PostgreSQL is healthy', () => {
    const build = obj(composeGatea.build, 'build');
    const dockerfile = posix.join('deploy', str(build.context, 'context'), str(build.dockerfile, 'dockerfile'));
    expect(posix.normalize(dockerfile)).toBe('deploy/Dockerfile');
    expect(at(composeGatea, 'depends_on.postgres.condition')).toBe('service_healthy');
    const test = list(at(composePostgres, 'healthcheck.test'), 'postgres healthcheck').join(' ');
    expect(test).toContain('pg_isready');
    const image = str(composePostgres.image, 'postgres image');
    expect(image).toMatch(/^postgres:\d+\.\d+/);
  });

  it('Gatea runs with a read-only root filesystem, no capabilities and no privilege gain', () => {
    expect(composeGatea.read_only).toBe(true);
    expect(composeGatea.cap_drop).toContain('ALL');
    expect(composeGatea.security_opt).toContain('no-new-privileges:true');
    // PostgreSQL keeps its data on a volume and writes its socket to tmpfs.
    expect(composePostgres.read_only).toBe(true);
    expect(composePostgres.tmpfs).toContain('/var/run/postgresql');
  });

  it('holds no literal secret: each comes from a required Compose variable (:? form, no default)', () => {
    const secretEnv: [string, string][] = [
      ...Object.entries(composeEnv).map(([k, v]): [string, string] => [k, String(v)]),
      ...Object.entries(obj(composePostgres.environment, 'postgres environment')).map(([k, v]): [string, string] => [
        k,
        String(v),
      ]),
    ].filter(([k]) => isSecretName(k));
    expect(secretEnv.map(([k]) => k)).toEqual(
      expect.arrayContaining([
        'GATEA_DATABASE_URL',
        'GITEA_OAUTH_CLIENT_ID',
        'GITEA_OAUTH_CLIENT_SECRET',
        'GATEA_ENCRYPTION_KEY',
        'POSTGRES_PASSWORD',
      ]),
    );
    for (const [name, value] of secretEnv) {
      const refs = references(value);
      expect(refs.length, `${name} must come from a variable`).toBeGreaterThan(0);
      for (const r of refs) expect(r.op, `${name}: \${${r.name}} must use :? (required, no default)`).toBe(':?');
      if (name === 'GATEA_DATABASE_URL') {
        // The password part is the variable itself, nothing written around it.
        expect(value).toMatch(/^postgres:\/\/[^:@]+:\$\{[A-Z_]+:\?[^}]*\}@/);
      } else expect(value).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
    }
  });

  it('every variable is a Gatea setting (or the PostgreSQL password), and the filled-in configuration loads', () => {
    for (const name of Object.keys(composeEnv)) expect(GATEA_NAMES, name).toContain(name);
    for (const value of Object.values(composeEnv))
      for (const r of references(String(value)))
        expect(GATEA_NAMES.has(r.name) || COMPOSE_ONLY_VARIABLES.has(r.name), r.name).toBe(true);
    const vars = {
      ...FILLED_SECRETS,
      GITEA_URL: 'https://git.example.com',
      GATEA_PUBLIC_URL: 'https://gatea.example.com',
    };
    const containerEnv = Object.fromEntries(
      Object.entries(composeEnv).map(([k, v]) => [k, interpolate(String(v), vars)]),
    );
    const config = loadConfig(containerEnv);
    expect(config.oauth.mode).toBe('broker');
    expect(config.store.backend).toBe('postgres');
    expect(config.store.databaseUrl).toBe(`postgres://gatea:${FILLED_SECRETS.POSTGRES_PASSWORD}@postgres:5432/gatea`);
    expect(config.http.allowedHosts).toContain('gatea');
    // Unset, Compose refuses to start instead of passing an empty secret.
    expect(() => interpolate(String(composeEnv.GATEA_ENCRYPTION_KEY), {})).toThrow(/GATEA_ENCRYPTION_KEY is required/);
  });

  it('.env.example names only known variables and carries no values for secrets', () => {
    const assignments = [...read('deploy/.env.example').matchAll(/^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({
      commented: m[1] !== undefined,
      name: m[2] as string,
      value: (m[3] as string).trim(),
    }));
    expect(assignments.length).toBeGreaterThan(0);
    for (const a of assignments) {
      expect(GATEA_NAMES.has(a.name) || COMPOSE_ONLY_VARIABLES.has(a.name), a.name).toBe(true);
      if (isSecretName(a.name)) expect(a.value, `${a.name} must be left empty`).toBe('');
    }
    // Every required variable of compose.yaml is listed, uncommented.
    const required = new Set(
      Object.values(composeEnv).flatMap((v) =>
        references(String(v))
          .filter((r) => r.op === ':?')
          .map((r) => r.name),
      ),
    );
    for (const name of required)
      expect(
        assignments.some((a) => a.name === name && !a.commented),
        name,
      ).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Docs for deployment and clients name real settings and paths
// ---------------------------------------------------------------------------

describe('deployment and client docs', () => {
  const clientPages = readdirSync(`${ROOT}docs/clients`)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/clients/${f}`);
  const docFiles = ['deploy/README.md', 'docs/gitea-setup.md', 'docs/troubleshooting.md', ...clientPages];

  it('name only settings that exist (or the variable `gatea doctor` reads), or their NAME_FILE forms', () => {
    expect(clientPages.length).toBeGreaterThanOrEqual(10);
    const known = new Set([...GATEA_NAMES, DOCTOR_TOKEN_ENV]);
    for (const name of [...known]) known.add(`${name}${FILE_SUFFIX}`);
    for (const file of docFiles)
      for (const m of read(file).matchAll(/\b(?:GATEA|GITEA)_[A-Z][A-Z0-9_]*\b/g))
        expect(known, `${file}: ${m[0]}`).toContain(m[0]);
  });

  it('give Gitea the callback path the broker serves', () => {
    const callback = /app\.get\(\s*'(\/[\w/]*callback)'/.exec(read('src/oauth/routes.ts'))?.[1];
    expect(callback).toBe('/oauth/callback');
    expect(read('docs/gitea-setup.md')).toContain(`<GATEA_PUBLIC_URL>${callback}`);
  });

  it('every client page links troubleshooting, and the index links every page', () => {
    const index = read('docs/clients/README.md');
    for (const file of clientPages.filter((f) => !f.endsWith('/README.md'))) {
      expect(read(file), file).toContain('](../troubleshooting.md');
      expect(index, file).toContain(`](${posix.basename(file)})`);
    }
  });

  it('relative links between these pages point at files that exist', () => {
    for (const file of [...docFiles, 'README.md', 'docs/clients/README.md'])
      for (const m of read(file).matchAll(/\]\((?!https?:|#)([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = posix.normalize(posix.join(posix.dirname(file), m[1] as string));
        expect(existsSync(`${ROOT}${target}`), `${file}: ${m[1]}`).toBe(true);
      }
  });
});
