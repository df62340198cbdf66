/**
 * `npm run sync -- pause|resume|run|status [--project <id>]`
 * Production: pauses / resumes / runs the Cloud Scheduler job that Firebase created for
 * `syncInventory`, and records the pause in `syncState/wms` (so a manual run honours it too).
 * Locally (demo- projects): the same against the emulators, firing the function like the ticker.
 */
import { WMS_CONTRACT_VERSIONS } from '../src/adapters/wms-contract';
import { CloudSchedulerClient } from '@google-cloud/scheduler';
import { FieldValue } from 'firebase-admin/firestore';
import { arg, db, isLocal, projectId } from './cli-env';

const REGION = arg('region') ?? 'us-central1';

/**
 * Cloud Scheduler for a real project. `CLOUD_SCHEDULER_ENDPOINT` points the client at another
 * endpoint over its REST transport (a test runs this path against a local stand-in of the API,
 * with a demo project; no credentials are needed there).
 */
function schedulerClient(): CloudSchedulerClient | null {
  const endpoint = process.env.CLOUD_SCHEDULER_ENDPOINT;
  if (!endpoint) return isLocal() ? null : new CloudSchedulerClient();
  const u = new URL(endpoint);
  return new CloudSchedulerClient({
    fallback: true,
    protocol: u.protocol.replace(':', ''),
    apiEndpoint: u.hostname,
    port: Number(u.port),
    // The REST transport asks its auth client for headers and to fetch; no credentials here.
    authClient: {
      getRequestHeaders: async () => new Headers({ authorization: 'Bearer local' }),
      fetch: (url: string, init: RequestInit) => fetch(url, init),
    } as never,
  });
}

async function main() {
  const cmd = process.argv[2];
  if (!['pause', 'resume', 'run', 'status'].includes(cmd ?? '')) {
    console.error('usage: npm run sync -- pause|resume|run|status [--project <id>] [--region us-central1]');
    process.exit(2);
  }
  const firestore = db();
  // The poller is a relay of two scheduled functions (docs/sync.md): both jobs are paused / resumed.
  const jobs = ['syncInventory', 'syncInventoryRelay'].map((fn) => `projects/${projectId()}/locations/${REGION}/jobs/firebase-schedule-${fn}-${REGION}`);
  const job = jobs[0]!;
  const scheduler = schedulerClient();
  if (cmd === 'pause' || cmd === 'resume') {
    await firestore.doc('syncState/wms').set({ paused: cmd === 'pause', pausedAt: cmd === 'pause' ? FieldValue.serverTimestamp() : null }, { merge: true });
    for (const name of scheduler ? jobs : []) await (cmd === 'pause' ? scheduler!.pauseJob({ name }) : scheduler!.resumeJob({ name }));
    console.log(`sync ${cmd === 'pause' ? 'paused' : 'resumed'} (${isLocal() ? 'emulators' : jobs.join(', ')})`);
  } else if (cmd === 'run') {
    if (scheduler) await scheduler.runJob({ name: job });
    else {
      const res = await fetch(`http://127.0.0.1:5001/${projectId()}/${REGION}/syncInventory-0`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000) }).catch(() => null);
      if (res && res.status === 404) throw new Error('syncInventory is not loaded in the Functions emulator (is `npm start` running?)');
    }
    console.log('sync run requested');
  } else {
    const [state, status, health] = await Promise.all([firestore.doc('syncState/wms').get(), firestore.doc('syncStatus/wms').get(), firestore.doc('syncHealth/wms').get()]);
    const h = health.data() ?? {};
    const out: Record<string, unknown> = {
      state: state.data() ?? null,
      status: status.data() ?? null,
      // The WMS contract: the version the last good page was in, the versions this connector speaks, and what stopped the sync if the contract did.
      contract: { inUse: h.schemaVersion ?? null, speaks: WMS_CONTRACT_VERSIONS, error: h.contractError ?? null },
    };
    if (scheduler) out.schedulerJob = (await scheduler.getJob({ name: job }))[0].state;
    console.log(JSON.stringify(out, (_k, v) => (v && typeof v === 'object' && '_seconds' in v ? new Date(v._seconds * 1000).toISOString() : v), 2));
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
