/**
 * The sync as `npm start` runs it: the ticker fires the scheduled functions in the Functions
 * emulator with Cloud Scheduler's semantics (scripts/ticker.mjs), the relays of invocations poll
 * the WMS simulator and publish events, readers look through the read API and an outside Pub/Sub
 * subscriber. Nothing here calls a use case directly. Runs across at least two minute boundaries.
 */
import assert from 'node:assert/strict';
import { PubSub } from '@google-cloud/pubsub';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore, PROJECT_ID, syncOn, waitFor } from '../helpers';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { CountApplier } from '../../../src/stock/count-applier';
import { runSyncCycle } from '../../../src/sync/sync-cycle';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { skuId } from '../../../tools/catalog';
import { EVENTS_TOPIC } from '../../../src/adapters/pubsub-publisher';
import { haltRelay } from '../../../src/adapters/lease';
import { scheduleFunctions } from '../../../tools/local-ticker';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** `npm run flag -- on|off` as an operator runs it (the local server template the functions read). */
async function flag(verb: 'on' | 'off'): Promise<string> {
  const root = path.resolve(__dirname, '../../..');
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'tools/flag.ts'), verb, '--project', PROJECT_ID], { cwd: root, env: process.env });
  return stdout;
}

const db = adminDb();
const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;
// From functions/.env.demo-inventory, which the Functions emulator loads.
const INTERVAL_MS = 5000;
const STALE_AFTER_MS = 30_000;
const SKUS = 100;
const RELAYS = ['syncInventory', 'syncInventoryRelay', 'syncWatchdog', 'publishEvents', 'publishEventsRelay'];

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** What the read API says, and how long after the last success (as it reports it) it said so. */
async function stale(sku: string): Promise<{ stale: boolean; at: number; afterSuccess: number }> {
  const r = await fetch(`${API}/v1/inventory/${sku}`);
  const at = Date.now();
  const body = (await r.json()) as { stale: boolean; lastSyncSuccessAt: string | null };
  return { stale: body.stale, at, afterSuccess: at - Date.parse(body.lastSyncSuccessAt ?? '') };
}

describe('the sync through the deployed path: ticker -> scheduled relays -> WMS, readers, subscribers (Functions emulator)', function () {
  this.timeout(420_000);
  let sim: WmsSimulator;
  let stopTicker: () => Promise<void> = async () => undefined;
  const log: string[] = [];
  const pubsub = new PubSub({ projectId: PROJECT_ID });
  const subName = `deployed-test-${Date.now()}`;
  let subscription: ReturnType<PubSub['subscription']> | undefined;
  const received: { sku: string; time: number; at: number; sequence: string }[] = [];

  before(async () => {
    await clearFirestore();
    sim = new WmsSimulator({ skus: SKUS, locations: 3, rate: 0, seed: 11 });
    await sim.start(8090);
    // The catalogue is already synced and its events delivered when the test starts, as with the
    // emulator-data that \`npm start\` imports: a first load's burst of events would keep the
    // Functions emulator's 50 workers busy for minutes (one process per consumer invocation).
    const load = { db, connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey }), flags: syncOn(), applier: new CountApplier(db, { defaultThreshold: 5 }), staleAfterSeconds: 30 };
    while ((await runSyncCycle(load)).hasMore);
    const backlog = await db.collection('eventOutbox').get();
    for (let i = 0; i < backlog.size; i += 400) {
      const batch = db.batch();
      backlog.docs.slice(i, i + 400).forEach((d) => batch.delete(d.ref));
      await batch.commit();
    }
    sim.polls.splice(0);
    const topic = pubsub.topic(EVENTS_TOPIC);
    const [exists] = await topic.exists();
    if (!exists) await topic.create();
    const [sub] = await topic.createSubscription(subName, { enableMessageOrdering: true });
    subscription = sub;
    sub.on('message', (m) => {
      const e = JSON.parse(m.data.toString()) as { subject: string; time: string; sequence: string };
      received.push({ sku: e.subject, time: Date.parse(e.time), at: Date.now(), sequence: e.sequence });
      m.ack();
    });
    stopTicker = await scheduleFunctions(RELAYS, (m) => log.push(`${new Date().toISOString()} ${m}`));
  });

  after(async () => {
    const idle = stopTicker();
    await Promise.all(['sync-wms', 'event-publisher'].map((name) => haltRelay(db, name)));
    // The halted invocations and the watchdog's minute end; then nothing of this test runs on.
    await Promise.race([idle, new Promise((r) => setTimeout(r, 90_000))]);
    await subscription?.close();
    await subscription?.delete().catch(() => undefined);
    await sim.close();
    await clearFirestore();
  });

  it('polls with no gap over interval + 2 s across minute boundaries, shows every change within interval + 2 s and delivers its events without holes', async () => {
    // The first poll through the ticker.
    await waitFor(async () => sim.polls.length > 0, 90_000, 250);
    const started = Date.now();
    const boundaries = () => Math.floor(Date.now() / 60_000) - Math.floor(started / 60_000);
    const visibleLag: number[] = [];
    let n = 0;
    // A WMS that changes a few SKUs now and then, until two minute boundaries have passed.
    while (boundaries() < 2 || Date.now() - started < 130_000) {
      const sku = skuId(n % SKUS);
      const loc = [...sim.positions.keys()].find((k) => k.startsWith(`${sku}|`))!.split('|')[1]!;
      const onHand = 1000 + n;
      const seen = new Promise<number>((resolve) => {
        const unsub = db.doc(`inventory/${sku}`).onSnapshot((s) => {
          if (s.data()?.locations?.[loc]?.onHand === onHand) {
            unsub();
            resolve(Date.now());
          }
        });
      });
      const changedAt = Date.now();
      sim.set(sku, loc, onHand);
      visibleLag.push((await Promise.race([seen, new Promise<number>((r) => setTimeout(() => r(Infinity), 30_000))])) - changedAt);
      n++;
      await new Promise((r) => setTimeout(r, 1500 + (n % 5) * 700));
    }
    const polls = sim.polls.filter((t) => t >= started - INTERVAL_MS);
    const gaps = polls.slice(1).map((t, i) => t - polls[i]!);
    const maxGap = Math.max(...gaps);
    const lagP50 = percentile(visibleLag, 50);
    const lagMax = Math.max(...visibleLag);
    const events = received.filter((e) => e.time >= started);
    const eventLag = events.map((e) => e.at - e.time);
    console.log(`      ${polls.length} polls over ${((Date.now() - started) / 1000).toFixed(0)} s (${boundaries()} minute boundaries), max gap ${maxGap} ms; ${visibleLag.length} changes visible p50 ${lagP50} ms, max ${lagMax} ms; ${events.length} events commit -> subscriber p50 ${percentile(eventLag, 50)} ms, p99 ${percentile(eventLag, 99)} ms, max ${Math.max(...eventLag)} ms`);
    assert.ok(boundaries() >= 2);
    assert.ok(maxGap <= INTERVAL_MS + 2000, `a poll gap of ${maxGap} ms: ${JSON.stringify(gaps)}\n${log.join('\n')}`);
    assert.ok(lagMax <= INTERVAL_MS + 2000, `a change took ${lagMax} ms to show: ${JSON.stringify(visibleLag)}`);
    assert.ok(events.length >= visibleLag.length, `every change published (${events.length} events for ${visibleLag.length} changes)`);
    assert.ok(Math.max(...eventLag) <= 3000, `an event took ${Math.max(...eventLag)} ms from commit to subscriber`);
    const leases = (await db.doc('leases/sync-wms').get()).data()!;
    assert.ok(typeof leases.owner === 'string' && leases.owner.includes('/'), 'the lease is held by an invocation');
  });

  it('a WMS outage: readers see stale within STALE_AFTER_SECONDS + 2 s; after it, the next poll succeeds within one interval and Firestore matches the WMS within two', async () => {
    sim.faults = { ...sim.faults, outage: true };
    // Changes the WMS makes while it does not answer.
    const during: { sku: string; loc: string; seq: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const sku = skuId((i * 7) % SKUS);
      const loc = [...sim.positions.keys()].find((k) => k.startsWith(`${sku}|`))!.split('|')[1]!;
      during.push({ sku, loc, seq: sim.set(sku, loc, 2000 + i).seq });
    }
    const seen = await waitFor(async () => {
      const s = await stale('SKU-00001');
      return s.stale ? s : null;
    }, STALE_AFTER_MS + 20_000, 250);
    const after = seen.afterSuccess;
    console.log(`      the read API said stale ${after} ms after the last success`);
    assert.ok(after >= STALE_AFTER_MS - 500 && after <= STALE_AFTER_MS + 2000, `stale after ${after} ms`);
    await waitFor(async () => (await db.doc('alerts/sync-stale-wms').get()).data()?.status === 'open', 10_000, 250);

    const back = Date.now();
    sim.faults = { ...sim.faults, outage: false };
    const success = await waitFor(async () => {
      const t = (await db.doc('syncStatus/wms').get()).data()?.lastSuccessAt as Timestamp | undefined;
      return t && t.toMillis() > back ? t.toMillis() : null;
    }, 30_000, 100);
    console.log(`      first successful poll ${success - back} ms after the WMS came back`);
    assert.ok(success - back <= INTERVAL_MS + 1000, `next success after ${success - back} ms`);
    const matched = await waitFor(async () => {
      const snaps = await db.getAll(...[...new Set(during.map((d) => d.sku))].map((s) => db.doc(`inventory/${s}`)));
      const bySku = new Map(snaps.map((s) => [s.id, s.data()]));
      return during.every((d) => (bySku.get(d.sku)?.locations?.[d.loc]?.seq ?? 0) >= d.seq) ? Date.now() : null;
    }, 30_000, 100);
    console.log(`      Firestore matched the WMS ${matched - back} ms after it came back`);
    assert.ok(matched - back <= 2 * INTERVAL_MS, `matched after ${matched - back} ms`);
    assert.equal((await stale('SKU-00001')).stale, false);
    await waitFor(async () => (await db.doc('alerts/sync-stale-wms').get()).data()?.status === 'resolved', 70_000, 250);
  });

  it('`npm run flag -- off` stops the sync on this path within seconds, and `on` brings it back', async () => {
    await waitFor(async () => (await db.doc('syncStatus/wms').get()).data()?.state === 'ok', 30_000, 250);
    assert.match(await flag('off'), /= off/);
    try {
      const offAt = Date.now();
      await waitFor(async () => (await db.doc('syncStatus/wms').get()).data()?.state === 'disabled', 20_000, 250);
      console.log(`      the poller said disabled ${Date.now() - offAt} ms after the flip`);
      // Whatever poll was already under way has finished: from here on, the WMS hears nothing.
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
      const pollsWhenOff = sim.polls.length;
      const changed = sim.set(skuId(7), [...sim.positions.keys()].find((k) => k.startsWith(`${skuId(7)}|`))!.split('|')[1]!, 4321);
      await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS));
      assert.equal(sim.polls.length, pollsWhenOff, 'no poll while the flag is off');
      assert.notEqual((await db.doc(`inventory/${skuId(7)}`).get()).data()!.locations[changed.locationId].onHand, 4321, 'nothing written');
    } finally {
      assert.match(await flag('on'), /= on/);
    }
    const onAt = Date.now();
    await waitFor(async () => (await db.doc(`inventory/${skuId(7)}`).get()).data()!.locations[[...sim.positions.keys()].find((k) => k.startsWith(`${skuId(7)}|`))!.split('|')[1]!].onHand === 4321, 20_000, 250);
    console.log(`      back on: the held-back change was on the page ${Date.now() - onAt} ms after the flip`);
  });

  it('a poller that stops (a hung holder keeps the lease): readers and the watchdog say stale within STALE_AFTER_SECONDS + 2 s', async () => {
    const hungAt = Date.now();
    // Something holds the lease and never polls; the standby waits for it to expire.
    await db.doc('leases/sync-wms').set({ owner: 'hung-holder', expiresAt: Timestamp.fromMillis(hungAt + 45_000), successor: null, successorUntil: null, nextDueAt: null });
    const seen = await waitFor(async () => {
      const s = await stale('SKU-00002');
      return s.stale ? s : null;
    }, STALE_AFTER_MS + 20_000, 250);
    const after = seen.afterSuccess;
    console.log(`      stale ${after} ms after the last success; stored flag set by the watchdog`);
    assert.ok(after <= STALE_AFTER_MS + 2000, `stale after ${after} ms`);
    // The stored flag (for queries and alerts) is flipped by the watchdog, not by the stopped poller.
    await waitFor(async () => (await db.doc('syncStatus/wms').get()).data()?.stale === true, 5000, 250);
    assert.equal((await db.doc('alerts/sync-stale-wms').get()).data()?.status, 'open');
    // The hung holder's lease expires: the waiting standby takes over within one interval of that.
    const resumed = await waitFor(async () => {
      const t = (await db.doc('syncStatus/wms').get()).data()?.lastSuccessAt as Timestamp | undefined;
      return t && t.toMillis() > hungAt + 45_000 ? t.toMillis() : null;
    }, 60_000, 200);
    console.log(`      taken over ${resumed - (hungAt + 45_000)} ms after the hung lease expired`);
    assert.ok(resumed - (hungAt + 45_000) <= INTERVAL_MS + 1000);
  });
});
