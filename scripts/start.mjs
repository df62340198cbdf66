// `npm start`: the whole system locally: the WMS simulator, every emulator with emulator-data/
// imported, and the ticker for scheduled functions. Ctrl-C stops everything, Java included.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIREBASE_BIN, FUNCTIONS, PORTS, PROJECT_ID, ROOT, TSX, emulatorEnv, functionsEmulatorParallel } from './env.mjs';
import { startTicker } from './ticker.mjs';

const children = [];
let stopping = false;

function spawnChild(name, cmd, args, opts) {
  // Own process group: on stop we signal the whole group, so the emulators' Java processes and
  // the Functions emulator's workers go too, whatever they are doing.
  const child = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT, detached: true, ...opts });
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${code}); stopping everything`);
      void stop(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitForUrl(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return true;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

// Only this run's processes are ever ended: the children it spawned and everything below them
// (firebase-tools starts the emulators' JVMs in groups of their own). Their pids are written to
// .emulators/start.pids while it runs, so a run that was killed outright (no chance to clean up)
// is cleaned up by the next `npm start` of this checkout — and never another checkout's.
const PIDFILE = path.join(ROOT, '.emulators', 'start.pids');

function processTable() {
  try {
    return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n').filter(Boolean).map((line) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      return m ? { pid: Number(m[1]), ppid: Number(m[2]), args: m[3] } : null;
    }).filter(Boolean);
  } catch {
    return [];
  }
}

/** The pids of `roots` and all their descendants, alive now. */
function tree(roots) {
  const table = processTable();
  const out = new Set(roots.filter((pid) => table.some((p) => p.pid === pid)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) if (out.has(p.ppid) && !out.has(p.pid)) { out.add(p.pid); grew = true; }
  }
  return [...out];
}

function recordTree() {
  const pids = tree(children.map(({ child }) => child.pid));
  const args = new Map(processTable().map((p) => [p.pid, p.args]));
  try {
    mkdirSync(path.dirname(PIDFILE), { recursive: true });
    writeFileSync(PIDFILE, pids.map((pid) => `${pid} ${args.get(pid) ?? ''}`).join('\n') + '\n');
  } catch { /* best effort */ }
  return pids;
}

/** Processes an earlier run of this checkout left behind: in its pid file and still the same program. */
function leftoversOfEarlierRun() {
  if (!existsSync(PIDFILE)) return [];
  const alive = new Map(processTable().map((p) => [p.pid, p.args]));
  return readFileSync(PIDFILE, 'utf8').split('\n').filter(Boolean).flatMap((line) => {
    const [pid, ...args] = line.split(' ');
    return alive.get(Number(pid)) === args.join(' ') && Number(pid) !== process.pid ? [Number(pid)] : [];
  });
}

let stopTicker = () => {};
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping…');
  stopTicker();
  const ours = recordTree();
  // Emulators first (a running sync window still talks to the simulator), then the simulator.
  for (const { child } of [...children].reverse()) {
    if (child.exitCode !== null) continue;
    const group = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    group('SIGINT');
    await new Promise((r) => {
      const t = setTimeout(() => { group('SIGKILL'); r(); }, 12_000);
      child.on('exit', () => { clearTimeout(t); r(); });
    });
    group('SIGKILL'); // anything of that group still alive (workers, JVMs)
  }
  // A JVM in a group of its own can outlive its parent: end whatever of this run is still alive.
  for (const pid of tree(ours)) {
    try { process.kill(pid, 'SIGKILL'); console.log(`[start] ended leftover process ${pid}`); } catch { /* gone */ }
  }
  rmSync(PIDFILE, { force: true });
  console.log('[start] stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const stale = leftoversOfEarlierRun();
if (stale.length) {
  console.error(`[start] processes of an earlier npm start of this checkout are still alive (pids ${stale.join(' ')}); ending them`);
  for (const pid of stale) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}
rmSync(PIDFILE, { force: true });

spawnChild('wms-simulator', TSX, [path.join(FUNCTIONS, 'tools', 'wms-simulator.ts'), '--port', String(PORTS.wms), '--rate', process.env.WMS_SIM_RATE ?? '2']);
spawnChild('payment-simulator', TSX, [path.join(FUNCTIONS, 'tools', 'payment-simulator.ts'), '--port', String(PORTS.payments)], {
  env: { ...process.env, PAYMENT_WEBHOOK_URL: `http://127.0.0.1:${PORTS.functions}/${PROJECT_ID}/us-central1/api/v1/payments/events` },
});
spawnChild('alert-receiver', TSX, [path.join(FUNCTIONS, 'tools', 'alert-receiver.ts'), '--port', String(PORTS.alerts)]);
const importArgs = existsSync(path.join(ROOT, 'emulator-data', 'firebase-export-metadata.json')) ? ['--import', 'emulator-data'] : [];
const emulators = spawnChild('emulators', FIREBASE_BIN, ['emulators:start', '--project', PROJECT_ID, '--only', 'auth,firestore,pubsub,functions,hosting,tasks', ...importArgs], {
  env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID, FUNCTIONS_EMULATOR_PARALLEL: functionsEmulatorParallel(process.env.FUNCTIONS_EMULATOR_PARALLEL) }),
  stdio: ['inherit', 'pipe', 'inherit'],
});
// firebase-tools says when every emulator (and the functions) is ready; the hub answers earlier.
const allReady = new Promise((resolve) => {
  emulators.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (chunk.toString().includes('All emulators ready')) resolve(true);
  });
});
const ready = await Promise.race([allReady, new Promise((r) => setTimeout(() => r(false), 180_000))])
  && await waitForUrl(`http://127.0.0.1:${PORTS.functions}/`, 30_000);
if (!ready) {
  console.error('[start] the emulators did not come up within 3 minutes');
  await stop(1);
}
// Give the Functions emulator a moment to load the triggers before firing schedules.
await new Promise((r) => setTimeout(r, 3000));
stopTicker = startTicker();
recordTree();
setInterval(recordTree, 10_000).unref();

const base = `http://127.0.0.1`;
console.log(`
┌──────────────────────────────────────────────────────────────────────────────
│ Inventory sync is running locally (project ${PROJECT_ID})
│  Web (storefront, dashboard)  ${base}:${PORTS.hosting}
│  HTTP API                     ${base}:${PORTS.functions}/${PROJECT_ID}/us-central1/api
│  Firestore emulator           ${base}:${PORTS.firestore}   e.g. GET ${base}:${PORTS.firestore}/v1/projects/${PROJECT_ID}/databases/(default)/documents/inventory/SKU-00001
│  Auth emulator                ${base}:${PORTS.auth}
│  Pub/Sub emulator             ${base}:${PORTS.pubsub}
│  Cloud Tasks emulator         ${base}:${PORTS.tasks}
│  WMS simulator                ${base}:${PORTS.wms}   (control: ${base}:${PORTS.wms}/_control)
│  Payment simulator            ${base}:${PORTS.payments}   (deliveries: ${base}:${PORTS.payments}/_control)
│  Alert webhook receiver       ${base}:${PORTS.alerts}   (messages: ${base}:${PORTS.alerts}/_control)
│ Ctrl-C stops everything.
└──────────────────────────────────────────────────────────────────────────────`);
