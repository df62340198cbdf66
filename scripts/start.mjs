// `npm start`: the whole system locally: the WMS simulator, every emulator with emulator-data/
// imported, and the ticker for scheduled functions. Ctrl-C stops everything, Java included.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FIREBASE_BIN, FUNCTIONS, PORTS, PROJECT_ID, ROOT, TSX, emulatorEnv } from './env.mjs';
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

function leftoverJava() {
  try {
    return execFileSync('pgrep', ['-f', 'cloud-firestore-emulator|cloud-pubsub-emulator|pubsub-emulator'], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map(Number).filter((pid) => pid !== process.pid);
  } catch {
    return [];
  }
}

let stopTicker = () => {};
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping…');
  stopTicker();
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
  // A killed emulators:start leaves Java behind: end any emulator JVM that outlived it.
  for (const pid of leftoverJava()) {
    try { process.kill(pid, 'SIGKILL'); console.log(`[start] ended leftover emulator process ${pid}`); } catch { /* gone */ }
  }
  console.log('[start] stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const stale = leftoverJava();
if (stale.length) {
  console.error(`[start] emulator processes from an earlier run are still alive (pids ${stale.join(' ')}); ending them`);
  for (const pid of stale) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}

spawnChild('wms-simulator', TSX, [path.join(FUNCTIONS, 'tools', 'wms-simulator.ts'), '--port', String(PORTS.wms), '--rate', process.env.WMS_SIM_RATE ?? '2']);
spawnChild('payment-simulator', TSX, [path.join(FUNCTIONS, 'tools', 'payment-simulator.ts'), '--port', String(PORTS.payments)], {
  env: { ...process.env, PAYMENT_WEBHOOK_URL: `http://127.0.0.1:${PORTS.functions}/${PROJECT_ID}/us-central1/api/v1/payments/events` },
});
const importArgs = existsSync(path.join(ROOT, 'emulator-data', 'firebase-export-metadata.json')) ? ['--import', 'emulator-data'] : [];
const emulators = spawnChild('emulators', FIREBASE_BIN, ['emulators:start', '--project', PROJECT_ID, '--only', 'auth,firestore,pubsub,functions,hosting,tasks', ...importArgs], {
  env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID }),
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
│ Ctrl-C stops everything.
└──────────────────────────────────────────────────────────────────────────────`);
