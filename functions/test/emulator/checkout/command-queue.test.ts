import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DocumentData, Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { assertAccounting, makeService, rejects, seedStock } from '../checkout-fixtures';
import { CheckoutError } from '../../../src/checkout/errors';
import { CountApplier } from '../../../src/stock/count-applier';
import { CommandQueue } from '../../../src/checkout/command-queue';
import { processCommands } from '../../../src/checkout/command-tx';
import { CheckoutService } from '../../../src/checkout/service';
import { logEntryData } from '../../../src/domain/events';

const db = adminDb();

async function stock(sku: string) {
  return (await db.doc(`inventory/${sku}`).get()).data()!;
}
const eventsOf = async (sku: string) =>
  (await db.collection('inventoryEvents').where('sku', '==', sku).get()).docs.map((d): DocumentData => ({ ...d.data(), data: logEntryData(d.data()) })).sort((a, b) => a.version - b.version || a.ordinal - b.ordinal);

describe('checkout use cases (emulator)', function () {
  this.timeout(120_000);
  beforeEach(() => clearFirestore());

  it('validates a cart without holding anything, flagging each line', async () => {
    await seedStock(db, { A: 3, B: 0, C: 10 });
    await db.doc('syncStatus/wms').set({ stale: true });
    const { service } = makeService(db, 'i1');
    const r = await service.validateCart('u1', { items: [{ sku: 'A', quantity: 2 }, { sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }, { sku: 'C', quantity: 1 }, { sku: 'NOPE', quantity: 1 }] });
    assert.equal(r.ok, false);
    assert.equal(r.stale, true);
    assert.deepEqual(r.items, [
      { sku: 'A', requested: 4, available: 3, status: 'insufficient' },
      { sku: 'B', requested: 1, available: 0, status: 'out_of_stock' },
      { sku: 'C', requested: 1, available: 10, status: 'ok' },
      { sku: 'NOPE', requested: 1, available: 0, status: 'unknown_sku' },
    ]);
    assert.equal((await stock('A')).reserved, 0);
  });

  it('reserves all-or-nothing, sums lines of one SKU, and is idempotent on (uid, cartId)', async () => {
    await seedStock(db, { A: 1, B: 5 });
    const { service, scheduler } = makeService(db, 'i1');
    await assert.rejects(service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 1 }, { sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] }), (e: CheckoutError) => {
      assert.equal(e.code, 'failed-precondition');
      assert.deepEqual((e.details as { items: unknown[] }).items, [
        { sku: 'A', requested: 2, available: 1, status: 'insufficient' },
        { sku: 'B', requested: 1, available: 5, status: 'ok' },
      ]);
      return true;
    });
    assert.equal((await stock('B')).reserved, 0, 'nothing held on failure');
    const r1 = await service.reserveCart('u1', { cartId: 'c2', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }] });
    const r2 = await service.reserveCart('u1', { cartId: 'c2', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }] });
    assert.equal(r1.state, 'held');
    assert.deepEqual(r2, r1);
    assert.equal((await stock('A')).available, 0);
    assert.equal((await stock('B')).reserved, 2);
    assert.equal(scheduler.timers.length, 1, 'one expiry timer');
    assert.equal(new Date(r1.expiresAt as string).getTime(), scheduler.timers[0]!.expiresAt);
    await assertAccounting(db, ['A', 'B']);
  });

  it('300 concurrent reservations from 60 users on SKUs with 5 units each, per-shopper limits on: zero oversell, exact accounting of stock and of each shopper', async () => {
    const skus = Array.from({ length: 12 }, (_, i) => `S${i}`);
    await seedStock(db, Object.fromEntries(skus.map((s) => [s, 5])));
    const limits = { holds: 3, units: 2, perMinute: 60 };
    const instances = Array.from({ length: 6 }, (_, i) => makeService(db, `instance-${i}`, { limits }).service);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const calls = Array.from({ length: 300 }, (_, i) => {
      const uid = `user-${i % 60}`;
      const lines = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ sku: skus[Math.floor(rnd() * skus.length)]!, quantity: 1 + Math.floor(rnd() * 2) }));
      return instances[i % instances.length]!.reserveCart(uid, { cartId: `cart-${i}`, items: lines }).then(
        (r) => ({ ok: true as const, r, lines }),
        (e: CheckoutError) => ({ ok: false as const, code: e.code, message: e.message, lines }),
      );
    });
    const results = await Promise.all(calls);
    const odd = results.filter((r) => !r.ok && r.code !== 'failed-precondition' && !(r.code === 'resource-exhausted' && /^limit max/.test(r.message)));
    assert.deepEqual(odd, [], 'only availability and per-shopper limit refusals');
    const held = await assertAccounting(db, skus);
    for (const s of skus) assert.ok((held.get(s) ?? 0) <= 5, `${s} oversold: ${held.get(s)}`);
    const heldBySuccess = new Map<string, number>();
    for (const r of results) if (r.ok) for (const l of r.lines) heldBySuccess.set(l.sku, (heldBySuccess.get(l.sku) ?? 0) + l.quantity);
    assert.deepEqual(new Map([...held].sort()), new Map([...heldBySuccess].sort()), 'exactly the successful carts hold stock');
    assert.ok(results.filter((r) => r.ok).length > 10, 'plenty succeeded');
    assert.ok(results.some((r) => !r.ok), 'some were refused');
    // Each shopper's counters are exactly their holds, and within the limits.
    const holds = (await db.collection('reservations').where('state', '==', 'held').get()).docs.map((d) => d.data() as { uid: string; items: { sku: string; quantity: number }[] });
    const shoppers = new Map((await db.collection('shoppers').get()).docs.map((d) => [d.id, d.data() as { openHolds: number; units: Record<string, number> }]));
    for (let u = 0; u < 60; u++) {
      const uid = `user-${u}`;
      const mine = holds.filter((h) => h.uid === uid);
      const units: Record<string, number> = {};
      for (const h of mine) for (const l of h.items) units[l.sku] = (units[l.sku] ?? 0) + l.quantity;
      assert.ok(mine.length <= limits.holds && Object.values(units).every((n) => n <= limits.units), `${uid} is within the limits`);
      assert.deepEqual({ openHolds: shoppers.get(uid)?.openHolds ?? 0, units: shoppers.get(uid)?.units ?? {} }, { openHolds: mine.length, units }, `${uid}'s counters`);
    }
    assert.ok(results.some((r) => !r.ok && r.code === 'resource-exhausted'), 'the limits refused some');
  });

  it('refuses a shopper over the request rate, naming the limit, shared across instances', async () => {
    await seedStock(db, { A: 5 });
    const limits = { holds: 5, units: 5, perMinute: 3 };
    const [one, two] = [makeService(db, 'rate-1', { limits }).service, makeService(db, 'rate-2', { limits }).service];
    await one.validateCart('u1', { items: [{ sku: 'A', quantity: 1 }] });
    await two.validateCart('u1', { items: [{ sku: 'A', quantity: 1 }] });
    await one.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 1 }] });
    await rejects(two.validateCart('u1', { items: [{ sku: 'A', quantity: 1 }] }), 'resource-exhausted', /shopperRequestsPerMinute/);
    await rejects(one.reserveCart('u1', { cartId: 'c2', items: [{ sku: 'A', quantity: 1 }] }), 'resource-exhausted', /shopperRequestsPerMinute/);
    await one.validateCart('u2', { items: [{ sku: 'A', quantity: 1 }] });
    await rejects(one.reserveCart('u2', { cartId: 'c', items: [{ sku: 'A', quantity: 800 }, { sku: 'A', quantity: 800 }] }), 'invalid-argument', /A sums to 1600/);
  });

  it('queues a hot SKU: a transient failure keeps commands queued, a poisoned command is answered alone', async () => {
    await seedStock(db, { H: 6 });
    let faults = 2;
    const flaky: typeof processCommands = async (d, refs, o) => {
      if (faults-- > 0) throw Object.assign(new Error('10 ABORTED: injected contention'), { code: 10 });
      return processCommands(d, refs, o);
    };
    const queue = new CommandQueue(db, { defaultThreshold: 2, owner: 'q', processor: flaky, waitSliceMs: 50 });
    await queue.markHot(['H']);
    // A command no code path could have written: it throws inside the processor every time.
    await db.doc('checkoutCommands/poison').set({ command: { type: 'reserve', reservationId: 'poison' }, status: 'pending', type: 'reserve', createdAt: Timestamp.now() });
    const service = new CheckoutService(db, queue, { reservationTtlSeconds: 900, reservationMaxLifetimeSeconds: 2700, lowStockThreshold: 2 });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => service.reserveCart(`u${i}`, { cartId: 'c', items: [{ sku: 'H', quantity: 1 }] }).then(() => 'held', (e: CheckoutError) => e.code)),
    );
    assert.ok(faults < 0, 'the faults were injected');
    assert.deepEqual(results.sort(), ['failed-precondition', 'failed-precondition', ...Array(6).fill('held')]);
    const poison = (await db.doc('checkoutCommands/poison').get()).data()!;
    assert.equal(poison.status, 'failed');
    assert.equal(poison.result.code, 'internal');
    assert.equal((await db.collection('checkoutCommands').where('status', '==', 'pending').count().get()).data().count, 0);
    const viaQueue = await db.collection('reservations').where('viaQueue', '==', true).count().get();
    assert.equal(viaQueue.data().count, 6, 'the hot SKU went through the queue');
    await assertAccounting(db, ['H']);
  });

  it('refuses a cart a hot SKU cannot serve from a read, without entering the queue; holds and repeats still go through it', async () => {
    await seedStock(db, { H: 2, Q: 5 });
    const queue = new CommandQueue(db, { defaultThreshold: 2, owner: 'q-early', waitSliceMs: 50 });
    await queue.markHot(['H']);
    const service = new CheckoutService(db, queue, { reservationTtlSeconds: 900, reservationMaxLifetimeSeconds: 2700, lowStockThreshold: 2 });
    const held = await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'H', quantity: 2 }] });
    assert.equal(held.state, 'held');
    const commands = async () => (await db.collection('checkoutCommands').get()).size;
    assert.equal(await commands(), 1, 'the hold went through the queue');
    await rejects(service.reserveCart('u2', { cartId: 'c2', items: [{ sku: 'Q', quantity: 1 }, { sku: 'H', quantity: 1 }] }), 'failed-precondition', /not available/);
    assert.equal(await commands(), 1, 'the refusal never entered the queue');
    assert.deepEqual(await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'H', quantity: 2 }] }), held, 'a repeat of a held cart is its hold, not a refusal');
    assert.equal((await stock('Q')).reserved, 0, 'nothing held for the refused cart');
    await assertAccounting(db, ['H', 'Q']);
  });

  it('confirms idempotently on paymentId, records the sale, and never double counts it against the WMS', async () => {
    await seedStock(db, { A: { 'wh-01': 6, 'wh-02': 2 } });
    const { service } = makeService(db, 'i1');
    const { reservationId } = (await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 3 }] })) as { reservationId: string };
    const first = await service.confirmReservation('u1', { reservationId, paymentId: 'pay-1' });
    assert.deepEqual(first, { state: 'committed', committedItems: [{ sku: 'A', quantity: 3 }], releasedItems: [] });
    assert.deepEqual(await service.confirmReservation('u1', { reservationId, paymentId: 'pay-1' }), first);
    assert.deepEqual(await makeService(db, 'i2').service.confirmReservation('u1', { reservationId, paymentId: 'pay-1', lines: [{ sku: 'A', quantity: 1 }] }), first);
    await rejects(service.confirmReservation('u1', { reservationId, paymentId: 'pay-2' }), 'failed-precondition');
    let a = await stock('A');
    assert.deepEqual([a.onHand, a.reserved, a.available], [5, 0, 5]);
    assert.ok(Math.abs(a.lastOutflowAt.toMillis() - Date.now()) < 60_000, 'the sale is the last outflow (aging)');
    const f = (await db.doc(`fulfillments/${reservationId}`).get()).data()!;
    assert.deepEqual(f.lines, [{ sku: 'A', quantity: 3, allocations: [{ locationId: 'wh-01', quantity: 3 }] }]);
    // The WMS reports wh-01 = 6 again (it has not seen the sale): still 3 there, not 6.
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    await applier.apply(new Map([['A', [{ sku: 'A', locationId: 'wh-01', onHand: 6, seq: 2, updatedAt: Date.now(), deleted: false }]]]), 'wms');
    a = await stock('A');
    assert.equal(a.locations['wh-01'].onHand, 3);
    assert.equal(a.onHand, 5);
    const types = (await eventsOf('A')).map((e) => e.type);
    assert.deepEqual(types.slice(0, 2), ['inventory.reserved', 'inventory.committed']);
  });

  it('partially fulfils (confirm some lines, release the rest) and cancels a committed line for the vendor', async () => {
    await seedStock(db, { A: 5, B: 5 });
    const { service } = makeService(db, 'i1');
    const { reservationId } = (await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 3 }] })) as { reservationId: string };
    await rejects(service.confirmReservation('u1', { reservationId, paymentId: 'p', lines: [{ sku: 'A', quantity: 3 }] }), 'invalid-argument', /lines/);
    const r = await service.confirmReservation('u1', { reservationId, paymentId: 'p', lines: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] });
    assert.deepEqual(r.releasedItems, [{ sku: 'B', quantity: 2 }]);
    const [a, b] = [await stock('A'), await stock('B')];
    assert.deepEqual([a.onHand, a.reserved, b.onHand, b.reserved, b.available], [3, 0, 4, 0, 4]);
    await rejects(service.cancelCommittedLine('u1', false, { reservationId, sku: 'A', quantity: 1, reason: 'vendor' }), 'permission-denied');
    await service.cancelCommittedLine('olga', true, { reservationId, sku: 'A', quantity: 1, reason: 'vendor_cancellation' });
    assert.equal((await stock('A')).onHand, 4);
    await rejects(service.cancelCommittedLine('olga', true, { reservationId, sku: 'A', quantity: 2, reason: 'vendor_cancellation' }), 'failed-precondition');
    const last = (await eventsOf('A')).pop()!;
    assert.equal(last.type, 'inventory.adjusted');
    assert.equal(last.data.reason, 'vendor_cancellation');
    await assertAccounting(db, ['A', 'B']);
  });

  it('expires exactly once whether the timer, the sweeper or both fire, and extends up to a cap', async () => {
    await seedStock(db, { A: 4 });
    const { service, scheduler } = makeService(db, 'i1', { ttl: 60, max: 90 });
    const { reservationId } = (await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 3 }] })) as { reservationId: string };
    const created = (await db.doc(`reservations/${reservationId}`).get()).data()!.createdAt.toMillis();
    const ext = await service.extendReservation('u1', { reservationId });
    assert.equal(ext.state, 'held');
    assert.ok(new Date(ext.expiresAt as string).getTime() <= created + 90_000, 'capped at the maximum lifetime');
    assert.equal(scheduler.timers.length, 2, 'a timer for the new deadline');
    // The first timer fires early (the hold was extended): nothing happens.
    const early = await service.expire(reservationId, scheduler.timers[0]!.expiresAt);
    assert.equal(early.state, 'held');
    // Make it due, then fire the timer and the sweeper at once.
    const due = Date.now() - 1000;
    await db.doc(`reservations/${reservationId}`).update({ expiresAt: Timestamp.fromMillis(due) });
    const [t, s] = await Promise.all([service.expire(reservationId, due), service.sweep()]);
    assert.equal(t.state, 'expired');
    assert.ok(s.expired <= 1);
    await service.sweep();
    const a = await stock('A');
    assert.deepEqual([a.reserved, a.available], [0, 4]);
    const released = (await eventsOf('A')).filter((e) => e.type === 'inventory.released');
    assert.equal(released.length, 1, 'stock returned exactly once');
    assert.equal(released[0]!.data.reason, 'expired');
    await rejects(service.confirmReservation('u1', { reservationId, paymentId: 'late' }), 'failed-precondition');
    assert.deepEqual(await service.releaseReservation('u1', { reservationId, reason: 'cancel' }), { state: 'expired' });
  });

  it('keeps holds and records a shortfall with an alert when a WMS count drops below what is reserved', async () => {
    await seedStock(db, { A: 5 });
    const { service } = makeService(db, 'i1');
    await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 4 }] });
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    await applier.apply(new Map([['A', [{ sku: 'A', locationId: 'wh-01', onHand: 1, seq: 2, updatedAt: Date.now(), deleted: false }]]]), 'wms');
    const a = await stock('A');
    assert.deepEqual([a.onHand, a.reserved, a.available, a.status], [1, 4, 0, 'out_of_stock']);
    assert.ok(!('shortfall' in a), 'the shortfall is an operator matter');
    assert.equal((await db.doc('inventoryInternals/A').get()).data()!.shortfall, 3);
    const alerts = await db.collection('alerts').where('kind', '==', 'shortfall').get();
    assert.equal(alerts.size, 1);
    assert.equal(alerts.docs[0]!.data().sku, 'A');
    await assertAccounting(db, ['A']);
  });

  it('rejects every bad input with the right code, naming the field, and changes nothing', async () => {
    await seedStock(db, { A: 5 });
    const { service } = makeService(db, 'i1');
    const { reservationId } = (await service.reserveCart('u1', { cartId: 'ok', items: [{ sku: 'A', quantity: 1 }] })) as { reservationId: string };
    const before = await stock('A');
    const bad: [unknown, RegExp][] = [
      [{ cartId: 'c', items: [{ sku: 'A', quantity: 0 }] }, /items\[0\]\.quantity/],
      [{ cartId: 'c', items: [{ sku: 'A', quantity: -2 }] }, /items\[0\]\.quantity/],
      [{ cartId: 'c', items: [{ sku: 'A', quantity: 1.5 }] }, /items\[0\]\.quantity/],
      [{ cartId: 'c', items: [{ sku: 'A', quantity: 1e9 }] }, /items\[0\]\.quantity/],
      [{ cartId: 'c', items: [{ sku: 'A', quantity: '1' }] }, /items\[0\]\.quantity/],
      [{ cartId: 'c', items: Array.from({ length: 5000 }, () => ({ sku: 'A', quantity: 1 })) }, /items/],
      [{ cartId: 'c', items: [] }, /items/],
      [{ cartId: '', items: [{ sku: 'A', quantity: 1 }] }, /cartId/],
      [{ cartId: 'a/b', items: [{ sku: 'A', quantity: 1 }] }, /cartId/],
      [{ items: [{ sku: 'A', quantity: 1 }] }, /cartId/],
      [{ cartId: 'c', items: [{ sku: '', quantity: 1 }] }, /items\[0\]\.sku/],
      [{ cartId: 'c', items: [{ sku: 'A', quantity: 1, price: 0 }] }, /items\[0\]/],
      [null, /cartId|items/],
      ['hello', /input|cartId/],
    ];
    for (const [input, field] of bad) await rejects(service.reserveCart('u1', input), 'invalid-argument', field);
    await rejects(service.reserveCart('', { cartId: 'c', items: [{ sku: 'A', quantity: 1 }] }), 'unauthenticated');
    await rejects(service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'NOPE', quantity: 1 }] }), 'failed-precondition');
    await rejects(service.confirmReservation('u2', { reservationId, paymentId: 'p' }), 'permission-denied');
    await rejects(service.releaseReservation('u2', { reservationId, reason: 'x' }), 'permission-denied');
    await rejects(service.confirmReservation('u1', { reservationId: 'no such id', paymentId: 'p' }), 'invalid-argument', /reservationId/);
    await rejects(service.confirmReservation('u1', { reservationId: 'missing', paymentId: 'p' }), 'not-found');
    await rejects(service.confirmReservation('u1', { reservationId }), 'invalid-argument', /paymentId/);
    await rejects(service.releaseReservation('u1', { reservationId }), 'invalid-argument', /reason/);
    const after = await stock('A');
    assert.deepEqual(after, before, 'nothing changed');
    assert.equal((await db.collection('reservations').count().get()).data().count, 1);
  });

  it('keeps reserved == sum of holds and available >= 0 through random interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('reserve' as const), user: fc.nat(3), sku: fc.constantFrom('A', 'B'), qty: fc.integer({ min: 1, max: 3 }) }),
            fc.record({ op: fc.constantFrom('confirm' as const, 'release' as const, 'expire' as const, 'sync' as const), pick: fc.nat(), qty: fc.nat(6) }),
          ),
          { minLength: 5, maxLength: 25 },
        ),
        async (ops) => {
          await clearFirestore();
          await seedStock(db, { A: 4, B: 3 });
          const { service } = makeService(db, 'p');
          const ids: { id: string; uid: string }[] = [];
          let n = 0;
          let seq = 2;
          for (const o of ops) {
            n++;
            if (o.op === 'reserve') {
              try {
                const r = await service.reserveCart(`u${o.user}`, { cartId: `c${n}`, items: [{ sku: o.sku, quantity: o.qty }] });
                ids.push({ id: r.reservationId as string, uid: `u${o.user}` });
              } catch (e) {
                assert.equal((e as CheckoutError).code, 'failed-precondition');
              }
            } else if (o.op === 'sync') {
              await new CountApplier(db, { defaultThreshold: 2 }).apply(new Map([['A', [{ sku: 'A', locationId: 'wh-01', onHand: o.qty, seq: seq++, updatedAt: Date.now(), deleted: false }]]]), 'wms');
            } else if (ids.length) {
              const t = ids[o.pick % ids.length]!;
              if (o.op === 'confirm') await service.confirmReservation(t.uid, { reservationId: t.id, paymentId: `p${t.id}` }).catch(() => undefined);
              else if (o.op === 'release') {
                await service.releaseReservation(t.uid, { reservationId: t.id, reason: 'changed mind' }).catch((e: CheckoutError) => {
                  assert.equal(e.code, 'failed-precondition', 'only a sale cannot be released');
                });
              }
              else {
                await db.doc(`reservations/${t.id}`).get().then(async (s) => {
                  if (s.data()?.state === 'held') {
                    await s.ref.update({ expiresAt: Timestamp.fromMillis(Date.now() - 1) });
                    await service.sweep();
                  }
                });
              }
            }
            await assertAccounting(db, ['A', 'B']);
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
