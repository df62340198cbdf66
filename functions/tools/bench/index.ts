/**
 * `npm run bench [-- scenario ...]`: runs under `firebase emulators:exec`, prints a table and
 * writes bench/results/latest.json. Every figure sits beside a ceiling measured in the same run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { ceiling } from './ceiling';
import { syncBench } from './sync';
import { writePathBench } from './write-path';
import { checkoutBench, contendedBench } from './checkout';
import { eventsBench } from './events';
import { pushBench } from './push';
import { offersBench } from './offers';
import { feedsBench } from './feeds';
import { tracingBench } from './tracing';
import { allocationBench } from './allocation';
import { machine, rows, table } from './lib';

async function clear() {
  const res = await fetch(`http://${process.env.FIRESTORE_EMULATOR_HOST}/emulator/v1/projects/${process.env.GCLOUD_PROJECT}/databases/(default)/documents`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`clearing Firestore failed: ${res.status}`);
}

async function main() {
  const project = process.env.GCLOUD_PROJECT ?? '';
  if (!project.startsWith('demo-')) throw new Error('the benchmark only runs against a demo- project in the emulators');
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const want = (s: string) => wanted.length === 0 || wanted.includes(s);
  const db = getFirestore(initializeApp({ projectId: project }));
  db.settings({ ignoreUndefinedProperties: true });
  const m = machine();
  console.log(`machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`);
  await clear();
  const ceil = await ceiling(db);
  if (want('sync')) {
    const floorSkusPerSec = await writePathBench(db);
    // Comma lists run the scenario once per combination (an A/B in one session); the target rate
    // goes first, then lower ones, to find where the lag target holds.
    const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(',').filter(Boolean).map(Number);
    const runs = list('BENCH_SYNC_RATES', '20000,10000,2000').flatMap((rate) =>
      list('BENCH_SYNC_LOOKAHEAD_MS', '1000').flatMap((lookAheadMs) =>
        list('BENCH_SYNC_BUSY_MS', '500').flatMap((busyAfterMs) =>
          list('BENCH_SYNC_SAMPLE', '500').flatMap((sample) =>
            (process.env.BENCH_SYNC_PACING ?? 'cadence').split(',').map((pacing) => ({ rate, lookAheadMs, busyAfterMs, sample, pacing: pacing as 'cadence' | 'restart' })),
          ),
        ),
      ),
    );
    const seconds = Number(process.env.BENCH_SYNC_SECONDS ?? 60);
    for (const run of runs) {
      await clear();
      await syncBench(db, ceil, { ...run, seconds, skus: 10_000, locations: 20, floorSkusPerSec });
    }
    // The path a deployment runs: the ticker fires the scheduled relay functions in the Functions
    // emulator (Cloud Scheduler's semantics), which poll the simulator as they do in production.
    for (const rate of list('BENCH_SYNC_SCHEDULED_RATES', '1500')) {
      await clear();
      await syncBench(db, ceil, { rate, lookAheadMs: 1000, sample: 500, seconds, skus: 10_000, locations: 20, floorSkusPerSec, driver: 'scheduled' });
    }
  }
  // A flaky WMS (#25): 12% of requests answered 429 (Retry-After 1 s) or 500/503, 4% 2 s slower.
  if (want('sync') || wanted.includes('flaky')) {
    const faults = { rateLimitRate: 0.06, retryAfterSeconds: 1, errorRate: 0.064, slowRate: 0.04, slowMs: 2000 };
    // A/B in this session: reads hedged after 1 s (the default) and not hedged.
    for (const rate of (process.env.BENCH_SYNC_FLAKY_RATES ?? '200').split(',').filter(Boolean).map(Number)) {
      for (const hedgeAfterMs of (process.env.BENCH_SYNC_FLAKY_HEDGE ?? '1000,0').split(',').filter(Boolean).map(Number)) {
        await clear();
        await syncBench(db, ceil, { rate, lookAheadMs: 1000, sample: 500, seconds: Number(process.env.BENCH_SYNC_SECONDS ?? 60), skus: 10_000, locations: 20, faults, hedgeAfterMs });
      }
    }
  }
  if (want('push')) {
    await clear();
    await pushBench(db);
  }
  // Not in the default set: the cost of marketplace offers, plain SKUs vs offers in alternating rounds.
  if (wanted.includes('offers')) {
    await clear();
    await offersBench(db);
  }
  // Not in the default set: what tracing costs, off vs each sample share in alternating rounds.
  if (wanted.includes('tracing')) {
    await clear();
    await tracingBench(db);
  }
  if (wanted.includes('feeds')) {
    await clear();
    await feedsBench(db);
  }
  if (want('checkout')) {
    await clear();
    await checkoutBench(db, ceil);
  }
  // Also on its own (`npm run bench -- contended`), to iterate on it.
  if (want('checkout') || wanted.includes('contended')) {
    await clear();
    await contendedBench(db);
  }
  if (want('checkout') || wanted.includes('allocation')) {
    await clear();
    await allocationBench(db);
  }
  // Last: its 8,000 events keep the Functions emulator's consumers busy for minutes afterwards,
  // which would otherwise land in the next scenario's latencies.
  if (want('events')) {
    await clear();
    await eventsBench(db, ceil);
  }
  console.log('\n' + table());
  // scripts/bench.mjs runs one session per scenario and names each session's file.
  const file = process.env.BENCH_OUT ?? path.resolve(__dirname, '../../../bench/results/latest.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const result = { at: new Date().toISOString(), machine: m, ceiling: ceil, rows };
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
