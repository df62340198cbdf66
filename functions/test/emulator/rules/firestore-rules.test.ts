import { assertFails, assertSucceeds, RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { rulesEnvironment } from './rules-env';
import { collection, deleteDoc, doc, getDoc, getDocs, serverTimestamp, setDoc, setLogLevel, updateDoc } from 'firebase/firestore';

setLogLevel('silent');

describe('firestore.rules (emulator)', function () {
  this.timeout(30_000);
  let env: RulesTestEnvironment;

  before(async () => {
    env = await rulesEnvironment('demo-inventory-rules');
  });
  after(() => env.cleanup());

  beforeEach(async () => {
    await env.clearFirestore();
    await env.withSecurityRulesDisabled(async (ctx) => {
      const db = ctx.firestore();
      await setDoc(doc(db, 'inventory/SKU-1'), { sku: 'SKU-1', onHand: 3, reserved: 1, available: 2 });
      await setDoc(doc(db, 'products/SKU-1'), { name: 'Tee' });
      await setDoc(doc(db, 'syncStatus/wms'), { stale: false });
      await setDoc(doc(db, 'reservations/r-alice'), { uid: 'alice', state: 'held' });
      await setDoc(doc(db, 'inventoryEvents/e1'), { type: 'inventory.synced' });
      await setDoc(doc(db, 'alerts/a1'), { kind: 'low_stock' });
      await setDoc(doc(db, 'syncState/wms'), { cursor: 'x' });
      await setDoc(doc(db, 'inventoryInternals/SKU-1'), { sku: 'SKU-1', pendingSales: { 'wh-01': [{ id: 'r1:SKU-1', quantity: 2 }] }, removedLocations: {}, wmsOnHand: { 'wh-01': 5 }, shortfall: 0 });
      await setDoc(doc(db, 'syncHealth/wms'), { lastError: 'GET http://wms.internal:8090/changes: 503', breaker: { state: 'open' } });
      await setDoc(doc(db, 'stockSubscriptions/alice_SKU-1'), { uid: 'alice', sku: 'SKU-1' });
    });
  });

  const anon = () => env.unauthenticatedContext().firestore();
  const alice = () => env.authenticatedContext('alice').firestore();
  const bob = () => env.authenticatedContext('bob').firestore();
  const operator = () => env.authenticatedContext('olga', { admin: true }).firestore();

  it('lets anyone read inventory, products and sync status', async () => {
    for (const db of [anon(), alice(), operator()]) {
      await assertSucceeds(getDoc(doc(db, 'inventory/SKU-1')));
      await assertSucceeds(getDoc(doc(db, 'products/SKU-1')));
      await assertSucceeds(getDoc(doc(db, 'syncStatus/wms')));
    }
  });

  it('lets no client write inventory, sync status or the event log, not even an operator', async () => {
    for (const db of [anon(), alice(), operator()]) {
      await assertFails(setDoc(doc(db, 'inventory/SKU-1'), { onHand: 1000 }));
      await assertFails(updateDoc(doc(db, 'inventory/SKU-1'), { reserved: 0 }));
      await assertFails(setDoc(doc(db, 'inventory/SKU-NEW'), { onHand: 1 }));
      await assertFails(deleteDoc(doc(db, 'inventory/SKU-1')));
      await assertFails(setDoc(doc(db, 'syncStatus/wms'), { stale: false }));
      await assertFails(setDoc(doc(db, 'inventoryEvents/e2'), { type: 'x' }));
      await assertFails(setDoc(doc(db, 'reservations/r-new'), { uid: 'alice', state: 'held' }));
    }
  });

  it('denies every client, operators included, the private halves of stock and sync status', async () => {
    for (const db of [anon(), alice(), operator()]) {
      await assertFails(getDoc(doc(db, 'inventoryInternals/SKU-1')));
      await assertFails(getDocs(collection(db, 'inventoryInternals')));
      await assertFails(getDoc(doc(db, 'syncHealth/wms')));
      await assertFails(setDoc(doc(db, 'inventoryInternals/SKU-1'), { pendingSales: {} }));
      await assertFails(setDoc(doc(db, 'syncHealth/wms'), { lastError: null }));
    }
    // The public half stays readable by anyone.
    await assertSucceeds(getDoc(doc(anon(), 'inventory/SKU-1')));
  });

  it('lets a shopper read only their own reservations', async () => {
    await assertSucceeds(getDoc(doc(alice(), 'reservations/r-alice')));
    await assertFails(getDoc(doc(bob(), 'reservations/r-alice')));
    await assertFails(getDoc(doc(anon(), 'reservations/r-alice')));
    await assertSucceeds(getDoc(doc(operator(), 'reservations/r-alice')));
    await assertFails(updateDoc(doc(alice(), 'reservations/r-alice'), { state: 'committed' }));
  });

  it('keeps the audit log, alerts and sync internals from shoppers', async () => {
    for (const db of [anon(), alice()]) {
      await assertFails(getDoc(doc(db, 'inventoryEvents/e1')));
      await assertFails(getDoc(doc(db, 'alerts/a1')));
    }
    await assertSucceeds(getDoc(doc(operator(), 'inventoryEvents/e1')));
    await assertSucceeds(getDoc(doc(operator(), 'alerts/a1')));
    for (const db of [anon(), alice(), operator()]) await assertFails(getDoc(doc(db, 'syncState/wms')));
  });

  it('denies every client write to every server-owned collection, and reads of server internals', async () => {
    const serverOwned = ['inventory', 'products', 'syncStatus', 'reservations', 'inventoryEvents', 'alerts', 'adjustments', 'reconciliationRuns', 'syncRejects',
      'ingestJobs', 'fulfillments', 'notifications', 'syncState', 'leases', 'checkoutCommands', 'hotSkus', 'ingestBatches', 'ingestSources', 'rateLimits', 'consumerReceipts', 'eventOutbox', 'busCounters', 'busSeconds', 'traceSpans'];
    const internal = ['syncState', 'leases', 'checkoutCommands', 'hotSkus', 'ingestBatches', 'ingestSources', 'rateLimits', 'consumerReceipts', 'eventOutbox', 'busCounters', 'busSeconds', 'traceSpans'];
    const operatorReadable = ['inventoryEvents', 'alerts', 'adjustments', 'reconciliationRuns', 'syncRejects', 'ingestJobs', 'fulfillments'];
    await env.withSecurityRulesDisabled(async (ctx) => {
      for (const c of serverOwned) await setDoc(doc(ctx.firestore(), `${c}/x`), { uid: 'alice', sku: 'SKU-1' });
    });
    for (const [who, db] of [['anonymous', anon()], ['shopper', alice()], ['other shopper', bob()], ['operator', operator()]] as const) {
      for (const c of serverOwned) {
        await assertFails(setDoc(doc(db, `${c}/x`), { hacked: true }));
        await assertFails(setDoc(doc(db, `${c}/new-${who.replace(' ', '-')}`), { uid: 'alice' }));
        await assertFails(deleteDoc(doc(db, `${c}/x`)));
      }
      for (const c of internal) await assertFails(getDoc(doc(db, `${c}/x`)));
      for (const c of operatorReadable) {
        if (who === 'operator') await assertSucceeds(getDoc(doc(db, `${c}/x`)));
        else await assertFails(getDoc(doc(db, `${c}/x`)));
      }
    }
    // Notifications: only their owner reads them.
    await assertSucceeds(getDoc(doc(alice(), 'notifications/x')));
    await assertFails(getDoc(doc(bob(), 'notifications/x')));
    await assertFails(getDoc(doc(anon(), 'notifications/x')));
  });

  it('lets a shopper manage only their own back-in-stock subscriptions', async () => {
    const a = alice();
    await assertSucceeds(getDoc(doc(a, 'stockSubscriptions/alice_SKU-1')));
    await assertFails(getDoc(doc(bob(), 'stockSubscriptions/alice_SKU-1')));
    await assertSucceeds(deleteDoc(doc(a, 'stockSubscriptions/alice_SKU-1')));
    await assertSucceeds(setDoc(doc(a, 'stockSubscriptions/alice_SKU-1'), { uid: 'alice', sku: 'SKU-1', createdAt: serverTimestamp() }));
    await assertFails(setDoc(doc(bob(), 'stockSubscriptions/alice_SKU-1'), { uid: 'alice', sku: 'SKU-1', createdAt: serverTimestamp() }));
    await assertFails(setDoc(doc(bob(), 'stockSubscriptions/bob_SKU-404'), { uid: 'bob', sku: 'SKU-404', createdAt: serverTimestamp() }));
    await assertFails(setDoc(doc(anon(), 'stockSubscriptions/x_SKU-1'), { uid: 'x', sku: 'SKU-1', createdAt: serverTimestamp() }));
  });
});
