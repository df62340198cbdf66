import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore, flagsFromTemplate, syncOn } from '../helpers';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { CountApplier } from '../../../src/stock/count-applier';
import { runSyncCycle, SyncDeps } from '../../../src/sync/sync-cycle';
import { runSyncShift } from '../../../src/sync/poll-loop';
import { RelayLease } from '../../../src/adapters/lease';
import { runFullResync } from '../../../src/sync/full-resync';
import { FEATURE_SYNC_ENABLED } from '../../../src/config';
import { ownsSku } from '../../../src/domain/rollout';

const db = adminDb();

describe('sync/sync-cycle: sync from the WMS (emulator)', function () {
  this.timeout(60_000);
  let sim: WmsSimulator;
  let clock: number | null;

  function deps(over: Partial<SyncDeps> = {}): SyncDeps {
    return {
      db,
      connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 500, baseBackoffMs: 10, maxBackoffMs: 50 }),
      flags: syncOn(),
      applier: new CountApplier(db, { defaultThreshold: 5 }),
      staleAfterSeconds: 30,
      pageSize: 500,
      now: () => clock ?? Date.now(),
      ...over,
    };
  }

  /** What the WMS says, as { sku: { loc: onHand } }, for SKUs touched by `skus`. */
  function wmsView(skus: string[]): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [k, p] of sim.positions) {
      const [sku, loc] = k.split('|') as [string, string];
      if (!skus.includes(sku) || p.deleted) continue;
      (out[sku] ??= {})[loc] = p.onHand;
    }
    return out;
  }

  async function ourView(skus: string[]): Promise<Record<string, Record<string, number>>> {
    const snaps = await db.getAll(...skus.map((s) => db.collection('inventory').doc(s)));
    const out: Record<string, Record<string, number>> = {};
    for (const s of snaps) {
      const locs = (s.data()?.locations ?? {}) as Record<string, { onHand: number }>;
      if (Object.keys(locs).length) out[s.id] = Object.fromEntries(Object.entries(locs).map(([l, p]) => [l, p.onHand]));
    }
    return out;
  }

  const eventCount = async () => (await db.collection('inventoryEvents').count().get()).data().count;

  const locOf = (sku: string) => [...sim.positions.keys()].find((k) => k.startsWith(`${sku}|`))!.split('|')[1]!;

  /** An applier whose first commit (SKU-00000..09) is slow, with `changes` made in the WMS meanwhile. */
  function slowFirstCommit(changes: [sku: string, loc: string, onHand: number][]): CountApplier {
    let chunk = 0;
    return new CountApplier(db, {
      defaultThreshold: 5,
      chunkSize: 10,
      concurrency: 1,
      beforeCommit: async () => {
        if (chunk++ === 0) {
          for (const [sku, loc, onHand] of changes) sim.set(sku, loc, onHand);
          await new Promise((r) => setTimeout(r, 400));
        }
      },
    });
  }

  beforeEach(async () => {
    await clearFirestore();
    clock = null;
    sim = new WmsSimulator({ skus: 60, locations: 4, rate: 0 });
    await sim.start();
  });
  afterEach(() => sim.close());

  it('loads the catalog, then makes a change visible within one interval', async () => {
    const d = deps();
    const first = await runSyncCycle(d);
    assert.equal(first.outcome, 'synced');
    assert.equal(first.hasMore, false);
    assert.deepEqual(await ourView(['SKU-00001', 'SKU-00002']), wmsView(['SKU-00001', 'SKU-00002']));
    const doc = (await db.doc('inventory/SKU-00001').get()).data()!;
    assert.equal(doc.available, Math.max(0, doc.onHand - doc.reserved));

    const intervalMs = 1000;
    const seen = new Promise<number>((resolve) => {
      const unsub = db.doc('inventory/SKU-00003').onSnapshot((s) => {
        if (s.data()?.locations?.['wh-01']?.onHand === 777) {
          unsub();
          resolve(Date.now());
        }
      });
    });
    const loop = runSyncShift(d, { intervalMs, holdMs: Infinity, lifeMs: 3500, owner: 'test' });
    await new Promise((r) => setTimeout(r, 300));
    const changedAt = Date.now();
    sim.set('SKU-00003', 'wh-01', 777);
    const visibleAt = await seen;
    await loop;
    assert.ok(visibleAt - changedAt <= intervalMs + 500, `visible after ${visibleAt - changedAt} ms`);
  });

  it('replaying a page changes nothing', async () => {
    const d = deps();
    await runSyncCycle(d);
    const cursor = (await db.doc('syncState/wms').get()).data()!.cursor;
    sim.set('SKU-00004', 'wh-01', 5);
    sim.set('SKU-00004', 'wh-01', 6);
    await runSyncCycle(d);
    const before = (await db.doc('inventory/SKU-00004').get()).data()!;
    const events = await eventCount();
    await db.doc('syncState/wms').update({ cursor });
    // A fresh applier (a new process) so nothing is remembered in memory.
    const r = await runSyncCycle(deps());
    assert.equal(r.metrics?.applied, 0);
    assert.equal(r.metrics?.skusWritten, 0);
    assert.equal(r.metrics?.writes, 1, 'one write: the trail of the changes received (all duplicates)');
    assert.equal(await eventCount(), events);
    assert.deepEqual((await db.doc('inventory/SKU-00004').get()).data(), before);
  });

  it('ends in the right state despite duplicated and out-of-order rows', async () => {
    sim.faults = { ...sim.faults, duplicateRate: 0.3, outOfOrderRate: 0.3 };
    const d = deps();
    for (let i = 0; i < 5; i++) {
      sim.generate(200);
      await runSyncCycle(d);
    }
    const skus = Array.from({ length: 60 }, (_, i) => `SKU-${String(i + 1).padStart(5, '0')}`);
    assert.deepEqual(await ourView(skus), wmsView(skus));
    const health = (await db.doc('syncHealth/wms').get()).data()!;
    assert.ok(health.lastCycle.duplicate + health.lastCycle.stale > 0, 'the faults were counted');
    assert.ok(!('lastCycle' in (await db.doc('syncStatus/wms').get()).data()!), 'cycle figures stay private');
  });

  it('quarantines malformed rows with reasons and applies the rest', async () => {
    sim.faults = { ...sim.faults, malformedRate: 0.05 };
    const r = await runSyncCycle(deps());
    assert.equal(r.outcome, 'synced');
    assert.ok((r.metrics?.rejected ?? 0) > 0);
    const rejects = await db.collection('syncRejects').get();
    assert.equal(rejects.size, r.metrics?.rejected);
    assert.ok(rejects.docs.every((d) => d.data().expireAt instanceof Timestamp), 'quarantined rows expire (TTL)');
    const reasons = rejects.docs.map((d) => d.data().reason as string).join('\n');
    assert.match(reasons, /onHand/);
    assert.match(reasons, /sku/);
    assert.deepEqual(await ourView(['SKU-00001']), wmsView(['SKU-00001']));
  });

  it('turns stale during an outage, and recovers with nothing lost', async () => {
    const d = deps({ staleAfterSeconds: 30, breaker: { threshold: 2, cooldownMs: 1000 } });
    clock = Date.now();
    await runSyncCycle(d);
    assert.equal((await db.doc('syncStatus/wms').get()).data()!.stale, false);

    sim.faults = { ...sim.faults, outage: true };
    const during = [sim.set('SKU-00005', 'wh-02', 11), sim.set('SKU-00006', 'wh-03', 0)];
    for (let i = 0; i < 3; i++) {
      clock += 15_000;
      await runSyncCycle(d);
    }
    let status = (await db.doc('syncStatus/wms').get()).data()!;
    assert.equal(status.stale, true);
    assert.ok(status.consecutiveFailures >= 2);
    // The public status says what kind of failure; the raw message (hosts, paths) is for operators.
    assert.equal(status.lastError, 'the inventory system answered with a server error');
    assert.ok(!('breaker' in status));
    const health = (await db.doc('syncHealth/wms').get()).data()!;
    assert.match(health.lastError, /503/);
    assert.equal(health.breaker.state, 'open');
    assert.equal(status.state, 'circuit_open');
    // Stale data is kept, not erased.
    assert.ok((await db.doc('inventory/SKU-00005').get()).exists);

    sim.faults = { ...sim.faults, outage: false };
    clock += 60_000;
    const r = await runSyncCycle(d);
    assert.equal(r.outcome, 'synced');
    status = (await db.doc('syncStatus/wms').get()).data()!;
    assert.equal(status.stale, false);
    assert.equal(status.consecutiveFailures, 0);
    for (const c of during) {
      const doc = (await db.doc(`inventory/${c.sku}`).get()).data()!;
      assert.equal(doc.locations[c.locationId].onHand, c.onHand);
      assert.equal(doc.locations[c.locationId].seq, c.seq);
    }
  });

  it('probes a down WMS once per interval (no long open circuit), so the first poll after it returns succeeds', async () => {
    const d = deps({ intervalMs: 5000 });
    clock = Date.now();
    await runSyncCycle(d);
    sim.faults = { ...sim.faults, outage: true };
    for (let i = 0; i < 3; i++) {
      clock += 5000;
      assert.equal((await runSyncCycle(d)).outcome, 'failed');
    }
    assert.equal((await db.doc('syncStatus/wms').get()).data()!.state, 'circuit_open');
    for (let i = 0; i < 3; i++) {
      const before = sim.requests;
      clock += 5000;
      assert.equal((await runSyncCycle(d)).outcome, 'failed', 'a half-open probe at the poll pace');
      assert.equal(sim.requests - before, 1, 'one request per probe, no retries');
    }
    const change = sim.set('SKU-00007', 'wh-01', 4242);
    sim.faults = { ...sim.faults, outage: false };
    clock += 5000;
    assert.equal((await runSyncCycle(d)).outcome, 'synced', 'the first poll after the WMS is back succeeds');
    assert.equal((await db.doc('inventory/SKU-00007').get()).data()!.locations['wh-01'].seq, change.seq);
    assert.equal((await db.doc('syncStatus/wms').get()).data()!.state, 'ok');
  });

  it('raises sync-lag and WMS-failure-rate alerts, and resolves the lag alert when fresh', async () => {
    const d = deps();
    await runSyncCycle(d);
    sim.set('SKU-00012', 'wh-01', 5, false, Date.now() - 6 * 60_000); // a change the WMS made 6 min ago
    await runSyncCycle(d);
    assert.equal((await db.doc('alerts/sync-lag-wms').get()).data()?.status, 'open');
    sim.set('SKU-00012', 'wh-01', 6);
    await runSyncCycle(d);
    assert.equal((await db.doc('alerts/sync-lag-wms').get()).data()?.status, 'resolved');
    for (let i = 0; i < 20; i++) await runSyncCycle(d);
    sim.faults = { ...sim.faults, outage: true };
    await runSyncCycle(deps({ connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, maxAttempts: 1 }) }));
    const alert = (await db.doc('alerts/wms-failure-rate-wms').get()).data()!;
    assert.equal(alert.status, 'open');
    assert.equal(alert.failures, 1);
    assert.ok(alert.attempts >= 21);
  });

  it('a crash between commit and cursor save applies nothing twice', async () => {
    await runSyncCycle(deps());
    const events0 = await eventCount();
    sim.set('SKU-00007', 'wh-01', 42);
    sim.set('SKU-00008', 'wh-02', 43);
    const crashed = await runSyncCycle(deps({ afterCommit: async () => { throw new Error('process killed'); } }));
    assert.equal(crashed.outcome, 'failed');
    const afterCrash = await eventCount();
    assert.ok(afterCrash > events0, 'the commit landed');
    const v = (await db.doc('inventory/SKU-00007').get()).data()!.version;
    const r = await runSyncCycle(deps());
    assert.equal(r.outcome, 'synced');
    assert.equal(r.metrics?.applied, 0);
    assert.equal(r.metrics?.duplicate, 2);
    assert.equal(await eventCount(), afterCrash);
    assert.equal((await db.doc('inventory/SKU-00007').get()).data()!.version, v);
  });

  it('folds changes that arrive during a long apply into SKUs not yet written, once, and loses none', async () => {
    const [early, late] = [locOf('SKU-00005'), locOf('SKU-00055')];
    const before = sim.positions.get(`SKU-00005|${early}`)!.onHand;
    const applier = slowFirstCommit([
      ['SKU-00005', early, 4141], // its SKU is in this very chunk: next cycle
      ['SKU-00055', late, 4242], // a later chunk: still this cycle
    ]);
    const first = await runSyncCycle(deps({ applier, lookAheadMs: 50 }));
    assert.equal(first.outcome, 'synced');
    assert.equal(first.metrics?.lookAhead, 1, 'only the SKU not yet written takes its late row');
    const doc = (await db.doc('inventory/SKU-00055').get()).data()!;
    assert.equal(doc.locations[late].onHand, 4242);
    assert.equal(doc.version, 1, 'one write this cycle, with the late change in it');
    assert.equal((await db.doc('inventory/SKU-00005').get()).data()!.locations[early].onHand, before);
    // The cursor stayed where the cycle's own read ended: the next cycle reads both rows again,
    // applies the one not yet applied and skips the other by seq.
    const second = await runSyncCycle(deps());
    assert.equal(second.metrics?.fetched, 2);
    assert.equal(second.metrics?.applied, 1);
    assert.equal(second.metrics?.duplicate, 1);
    assert.equal((await db.doc('inventory/SKU-00005').get()).data()!.locations[early].onHand, 4141);
    assert.equal((await db.doc('inventory/SKU-00055').get()).data()!.version, 1);
    assert.deepEqual(await ourView(['SKU-00005', 'SKU-00055']), wmsView(['SKU-00005', 'SKU-00055']));
  });

  it('hands rows read ahead and not applied to the next cycle, which applies them without reading them again', async () => {
    const [early, late, other] = [locOf('SKU-00005'), locOf('SKU-00055'), locOf('SKU-00031')];
    const applier = slowFirstCommit([
      ['SKU-00005', early, 5151], // already being written: carried over
      ['SKU-00055', late, 5252], // not yet written: folded in
    ]);
    const first = await runSyncCycle(deps({ applier, lookAheadMs: 50 }));
    assert.equal(first.metrics?.lookAhead, 1);
    assert.equal(first.carry?.changes.length, 1, 'the row of the SKU already written waits for the next cycle');
    const saved = (await db.doc('syncState/wms').get()).data()!.cursor;
    assert.equal(first.carry!.from, saved, 'the carry continues the saved cursor');

    sim.set('SKU-00031', other, 3131); // arrives after the read-ahead: read by the next cycle
    const second = await runSyncCycle(deps(), first.carry);
    assert.equal(second.metrics?.carried, 1);
    assert.equal(second.metrics?.fetched, 1, 'only the row after the read-ahead is read');
    assert.equal(second.metrics?.applied, 2);
    assert.equal(second.metrics?.duplicate, 0, 'nothing is read twice');
    assert.deepEqual(await ourView(['SKU-00005', 'SKU-00055', 'SKU-00031']), wmsView(['SKU-00005', 'SKU-00055', 'SKU-00031']));
    // The saved cursor now covers everything applied: a poller without the carry reads nothing new.
    const third = await runSyncCycle(deps());
    assert.equal(third.metrics?.fetched, 0);

    // A carry that does not continue the saved cursor (another poller moved it) is ignored.
    sim.set('SKU-00005', early, 6161);
    const stale = { from: 'not-the-saved-cursor', cursor: null, changes: [{ sku: 'SKU-00005', locationId: early, onHand: 1, seq: 1e9, updatedAt: Date.now(), deleted: false }], rejected: [] };
    const fourth = await runSyncCycle(deps(), stale);
    assert.equal(fourth.metrics?.carried, 0);
    assert.equal((await db.doc('inventory/SKU-00005').get()).data()!.locations[early].onHand, 6161);
  });

  it('a relay of invocations: one poller at a time, the next waits beside it and continues at its pace', async () => {
    await runSyncCycle(deps());
    const intervalMs = 400;
    // Three invocations arrive at once (two scheduler jobs and a duplicate): one holds, one stands
    // by, the third is not needed. The holder hands over after holding 1.5 s; the standby then
    // holds until its life ends.
    const shift = (owner: string, lifeMs: number) => runSyncShift(deps(), { intervalMs, holdMs: 1500, lifeMs, owner, leaseTtlMs: 2000, standbyPollMs: 50 });
    const [a, b, c] = await Promise.all([shift('inv-a', 6000), shift('inv-b', 6000), shift('inv-c', 6000)]);
    const all = [a, b, c];
    const detail = JSON.stringify(all.map(({ cycles: _c, cycleSpans, ...x }) => ({ ...x, first: cycleSpans[0]?.[0], last: cycleSpans.at(-1)?.[1] })));
    assert.equal(all.filter((x) => x.role === 'left').length, 1, detail);
    assert.equal(all.filter((x) => x.role === 'holder' && !x.stoodBy).length, 1, `one invocation held from the start: ${detail}`);
    assert.equal(all.filter((x) => x.role === 'holder' && x.stoodBy && !x.tookOver).length, 1, `the standby got the lease by a handover: ${detail}`);
    assert.equal(all.filter((x) => x.ended === 'handed_over').length, 1);
    const spans = all.flatMap((x) => x.cycleSpans).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) {
      assert.ok(spans[i]![0] >= spans[i - 1]![1], `cycles overlap: ${JSON.stringify(spans)}`);
      assert.ok(spans[i]![0] - spans[i - 1]![0] <= intervalMs + 300, `gap of ${spans[i]![0] - spans[i - 1]![0]} ms between polls at ${i}`);
    }
    const lease = (await db.doc('leases/sync-wms').get()).data()!;
    assert.equal(lease.owner, null, 'released at the end of the last life');
  });

  it('a holder that dies is taken over by the standby within one interval plus the lease TTL', async () => {
    await runSyncCycle(deps());
    const ttl = 1500;
    const intervalMs = 500;
    // The "dead" holder took the lease and never renews it again (its process is gone).
    assert.equal((await new RelayLease(db, 'sync-wms', 'dead-invocation', ttl).arrive()).kind, 'hold');
    const diedAt = Date.now();
    const r = await runSyncShift(deps(), { intervalMs, holdMs: Infinity, lifeMs: 5000, owner: 'standby', leaseTtlMs: ttl, standbyPollMs: 50, maxCycles: 2 });
    assert.equal(r.role, 'holder');
    assert.ok(r.stoodBy && r.tookOver, JSON.stringify(r));
    const firstCycle = r.cycleSpans[0]![0];
    assert.ok(firstCycle - diedAt <= ttl + intervalMs, `took over after ${firstCycle - diedAt} ms`);
  });

  it('a holder that stalls past its lease loses it and stops polling', async () => {
    const lease = new RelayLease(db, 'sync-wms', 'slow', 300);
    assert.equal((await lease.arrive()).kind, 'hold');
    const other = new RelayLease(db, 'sync-wms', 'standby', 5000);
    assert.equal((await other.arrive()).kind, 'stand_by');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await other.checkTurn(true)).kind, 'take');
    assert.equal(await lease.renew(false, null), 'lost');
  });

  it('does not poll when the feature flag is off', async () => {
    const before = sim.requests;
    const r = await runSyncCycle(deps({ flags: flagsFromTemplate({ [FEATURE_SYNC_ENABLED]: false }) }));
    assert.equal(r.outcome, 'disabled');
    assert.equal(sim.requests, before);
    assert.equal((await db.doc('syncStatus/wms').get()).data()!.state, 'disabled');
  });

  it('owns only its rollout share of SKUs, and honours pause', async () => {
    await db.doc('syncState/wms').set({ rolloutPercent: 25 });
    const r = await runSyncCycle(deps());
    const written = (await db.collection('inventory').get()).docs.map((d) => d.id);
    assert.ok(written.length > 0 && written.length < 60);
    assert.ok(written.every((s) => ownsSku(s, 25)));
    assert.ok((r.metrics?.notOwned ?? 0) > 0);
    await db.doc('syncState/wms').set({ paused: true }, { merge: true });
    const before = sim.requests;
    assert.equal((await runSyncCycle(deps())).outcome, 'paused');
    assert.equal(sim.requests, before);
  });

  it('retries through 429 with Retry-After and 5xx', async () => {
    sim.faults = { ...sim.faults, errorRate: 0.3, rateLimitRate: 0.2, retryAfterSeconds: 0 };
    const d = deps({ connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, maxAttempts: 12, baseBackoffMs: 5, maxBackoffMs: 20 }) });
    const r = await runSyncCycle(d);
    assert.equal(r.outcome, 'synced');
    sim.faults = { ...sim.faults, errorRate: 0, rateLimitRate: 1, retryAfterSeconds: 1 };
    const t0 = Date.now();
    const failed = await runSyncCycle(deps({ connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, maxAttempts: 2 }) }));
    assert.equal(failed.outcome, 'failed');
    assert.ok(Date.now() - t0 >= 1000, 'waited for Retry-After');
  });

  it('times out a WMS that does not answer', async () => {
    sim.faults = { ...sim.faults, timeoutRate: 1 };
    const t0 = Date.now();
    const r = await runSyncCycle(deps({ connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 200, maxAttempts: 2, baseBackoffMs: 10 }) }));
    assert.equal(r.outcome, 'failed');
    assert.match(r.error ?? '', /timeout|aborted/i);
    assert.ok(Date.now() - t0 < 3000);
  });

  it('full resync fixes drift, adds what is missing and removes what the WMS no longer has', async () => {
    const d = deps();
    await runSyncCycle(d);
    // Drift: someone corrupted a count; a SKU and a location vanished from the WMS.
    const driftLoc = Object.keys((await db.doc('inventory/SKU-00009').get()).data()!.locations)[0]!;
    await db.doc('inventory/SKU-00009').update({ [`locations.${driftLoc}.onHand`]: 999, [`locations.${driftLoc}.wmsOnHand`]: 999 });
    const ghost = sim.set('SKU-00010', 'wh-04', 3);
    await runSyncCycle(d);
    sim.positions.get('SKU-00010|wh-04')!.deleted = true; // gone from the snapshot, no feed row
    await db.doc('inventory/SKU-99999').set({ sku: 'SKU-99999', onHand: 1, reserved: 0, available: 1, status: 'low_stock', locations: { 'wh-01': { onHand: 1, wmsOnHand: 1, seq: 1, syncedAt: Timestamp.fromMillis(0) } }, version: 1 });
    await db.doc('inventory/SKU-00011').delete();
    const r = await runFullResync(deps(), { owner: 'test', pageSize: 50 });
    assert.ok(r.drift >= 1);
    assert.ok(r.removedLocations >= 2);
    assert.deepEqual(await ourView(['SKU-00009', 'SKU-00010', 'SKU-00011']), wmsView(['SKU-00009', 'SKU-00010', 'SKU-00011']));
    assert.equal((await db.doc('inventory/SKU-99999').get()).data()!.onHand, 0);
    assert.equal(ghost.locationId, 'wh-04');
  });
});
