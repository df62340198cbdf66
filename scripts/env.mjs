// Shared helpers for the repo scripts: paths, the emulator environment and child processes.
// Only Node built-ins here: these scripts run before anything is installed.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FUNCTIONS = path.join(ROOT, 'functions');
export const WEB = path.join(ROOT, 'web');
export const PROJECT_ID = process.env.GCLOUD_PROJECT ?? 'demo-inventory';
export const FIREBASE_BIN = path.join(ROOT, 'node_modules', '.bin', 'firebase');

const SDK = '/usr/lib/google-cloud-sdk/platform';
export const SDK_FIRESTORE_JAR = `${SDK}/cloud-firestore-emulator/cloud-firestore-emulator.jar`;
export const SDK_PUBSUB_BIN = `${SDK}/pubsub-emulator/bin/cloud-pubsub-emulator`;
export const FIRESTORE_SHIM_JAR = path.join(ROOT, '.emulators', 'cloud-firestore-emulator-shim.jar');

export const PORTS = { hub: 4400, functions: 5001, firestore: 8080, pubsub: 8085, auth: 9099, hosting: 5000, tasks: 9499, wms: 8090, payments: 8091, alerts: 8092 };

/**
 * Environment for firebase-tools. On machines where the CLI cannot download its emulator
 * binaries (no internet) but the Google Cloud SDK ships them, point firebase-tools at the SDK's
 * copies. Elsewhere leave the stock behaviour alone.
 */
export function emulatorEnv(extra = {}) {
  // On a small machine many Functions emulator workers start at once; give them time to load.
  const env = { FUNCTIONS_DISCOVERY_TIMEOUT: '120', ...process.env, ...extra };
  if (existsSync(SDK_FIRESTORE_JAR) && existsSync(FIRESTORE_SHIM_JAR)) {
    env.FIRESTORE_EMULATOR_BINARY_PATH = FIRESTORE_SHIM_JAR;
  }
  if (existsSync(SDK_PUBSUB_BIN)) env.PUBSUB_EMULATOR_BINARY_PATH = SDK_PUBSUB_BIN;
  env.JAVA_TOOL_OPTIONS = emulatorJvmOptions(env.JAVA_TOOL_OPTIONS);
  return env;
}

/**
 * `npm start`'s cap on Functions emulator invocations in flight (firebase-tools'
 * FUNCTIONS_EMULATOR_PARALLEL; its own default is 50; the rest queue). The emulator runs each
 * concurrent invocation in a Node process of its own, ~3 s of CPU to start here. Right after
 * `npm start` the events from before it (~130) arrived at once and started 57 onInventoryEvent
 * processes: both cores were saturated for about two minutes, the storefront took 73 s to open and
 * events reached a subscriber at p99 9-12 s (docs/benchmarks.md, 2026-12-05). The cap must stay
 * above the scheduled functions that can run at once (a relay's loop holds its slot for a minute)
 * with room for callables and event deliveries. The caller's own value wins.
 */
export const FUNCTIONS_EMULATOR_PARALLEL = 16;

export function functionsEmulatorParallel(current) {
  return current || String(FUNCTIONS_EMULATOR_PARALLEL);
}

/**
 * The Firestore and Pub/Sub emulators' JVMs (firebase-tools starts them; both read
 * JAVA_TOOL_OPTIONS). With G1's defaults the Firestore emulator stopped for 130-465 ms every few
 * seconds under 1,500 events/s, holding every commit and every relay read behind each stop. The
 * emulator keeps every document in memory, so what a young collection copies is data just written:
 * a 50 ms pause target cuts that into shorter pieces, and promoting after one collection copies it
 * once instead of ageing it through the survivor spaces. Alternating events bench runs
 * (docs/benchmarks.md, 2026-12-05): p99 <= 1 s in 2 of 9 runs with the defaults, 8 of 10 with the
 * target alone, 8 of 11 with both (young pauses 53-88 ms on average against 107-128 ms with the
 * defaults; every alternating pair favoured both). ZGC was worse on 2 cores. An option the caller
 * sets wins.
 */
const EMULATOR_JVM_OPTIONS = { MaxGCPauseMillis: 50, MaxTenuringThreshold: 1 };

export function emulatorJvmOptions(current = '') {
  const add = Object.entries(EMULATOR_JVM_OPTIONS)
    .filter(([name]) => !current.includes(`-XX:${name}=`))
    .map(([name, value]) => `-XX:${name}=${value}`);
  return [current, ...add].filter(Boolean).join(' ');
}

/** Client-side variables that make the Admin SDK / Google clients talk to the emulators. */
export function clientEnv(extra = {}) {
  return {
    ...emulatorEnv(),
    GCLOUD_PROJECT: PROJECT_ID,
    FIRESTORE_EMULATOR_HOST: `127.0.0.1:${PORTS.firestore}`,
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${PORTS.pubsub}`,
    FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${PORTS.auth}`,
    CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${PORTS.tasks}`,
    ...extra,
  };
}

/** Runs a command, inheriting stdio; resolves with its exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function mustRun(cmd, args, opts = {}) {
  const code = await run(cmd, args, opts);
  if (code !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} exited with ${code}`);
    process.exit(code);
  }
}

/** `tsx` from the functions workspace: runs the TypeScript tools without a build step. */
export const TSX = path.join(FUNCTIONS, 'node_modules', '.bin', 'tsx');
