/**
 * Vendor isolation in firestore.rules: for every collection a client may touch, what anon, a
 * shopper, each of two vendors and an operator can read and write. A vendor reads its own vendor
 * document, jobs, alerts, adjustments and audit entries, never another's, and writes nothing.
 */
import { assertFails, assertSucceeds, RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { rulesEnvironment } from './rules-env';
import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, setLogLevel, updateDoc, where } from 'firebase/firestore';

setLogLevel('silent');

const OWNED = ['ingestJobs', 'alerts', 'adjustments', 'inventoryEvents'] as const;
/** Operators' (or nobody's) whatever a document says of a vendor. */
const OPERATOR_ONLY = ['reconciliationRuns', 'dualRunReports', 'metrics', 'syncRejects', 'fulfillments', 'syncHealth', 'syncState', 'leases', 'ingestBatches', 'migrations', 'mail'] as const;
/** A shopper's own documents. */
const SHOPPER_OWNED = ['reservations', 'paymentIntents', 'notifications', 'stockSubscriptions'] as const;

describe('firestore.rules: vendors (emulator)', function () {
  this.timeout(30_000);
  let env: RulesTestEnvironment;

  before(async () => {
    env = await rulesEnvironment('demo-inventory-vendor-rules');
  });
  after(() => env.cleanup());

  beforeEach(async () => {
    await env.clearFirestore();
    await env.withSecurityRulesDisabled(async (ctx) => {
      const db = ctx.firestore();
      for (const v of ['v-aurora', 'v-borealis']) {
        await setDoc(doc(db, `vendors/${v}`), { name: v, status: 'active' });
        await setDoc(doc(db, `vendorKeys/key-${v}`), { vendorId: v, sealed: 'opaque', kekId: 'x' });
        await setDoc(doc(db, `inventory/${v}~card-1`), { sku: `${v}~card-1`, vendorId: v, available: 2 });
        await setDoc(doc(db, `inventoryInternals/${v}~card-1`), { sku: `${v}~card-1`, pendingSales: {} });
        for (const c of OWNED) await setDoc(doc(db, `${c}/${c}-${v}`), { vendorId: v });
      }
      for (const c of OWNED) await setDoc(doc(db, `${c}/${c}-system`), { source: 'wms' });
      for (const c of OPERATOR_ONLY) await setDoc(doc(db, `${c}/x`), { vendorId: 'v-aurora' });
      for (const c of SHOPPER_OWNED) await setDoc(doc(db, `${c}/alice_x`), { uid: 'alice', sku: 'x', vendorId: 'v-aurora' });
    });
  });

  const anon = () => env.unauthenticatedContext().firestore();
  const shopper = () => env.authenticatedContext('alice').firestore();
  const vera = () => env.authenticatedContext('vera', { vendorId: 'v-aurora' }).firestore();
  const victor = () => env.authenticatedContext('victor', { vendorId: 'v-borealis' }).firestore();
  const operator = () => env.authenticatedContext('olga', { admin: true }).firestore();

  it("vendorFeeds: anyone reads a vendor's feed health (the storefront's notice on its offers); nobody writes it", async () => {
    await env.withSecurityRulesDisabled(async (ctx) => setDoc(doc(ctx.firestore(), 'vendorFeeds/v-aurora'), { vendorId: 'v-aurora', stale: true }));
    for (const db of [anon(), shopper(), vera(), victor(), operator()]) {
      await assertSucceeds(getDoc(doc(db, 'vendorFeeds/v-aurora')));
      await assertFails(setDoc(doc(db, 'vendorFeeds/v-aurora'), { stale: false }));
    }
  });

  it('a vendor reads its own vendor document and no other; operators read all; anon and shoppers none', async () => {
    await assertSucceeds(getDoc(doc(vera(), 'vendors/v-aurora')));
    await assertFails(getDoc(doc(vera(), 'vendors/v-borealis')));
    await assertSucceeds(getDoc(doc(victor(), 'vendors/v-borealis')));
    await assertFails(getDoc(doc(victor(), 'vendors/v-aurora')));
    await assertSucceeds(getDoc(doc(operator(), 'vendors/v-aurora')));
    for (const db of [anon(), shopper()]) await assertFails(getDoc(doc(db, 'vendors/v-aurora')));
    await assertFails(getDocs(collection(vera(), 'vendors')));
  });

  for (const c of OWNED) {
    it(`${c}: a vendor reads its own, never another vendor's or the system's; only operators read all`, async () => {
      await assertSucceeds(getDoc(doc(vera(), `${c}/${c}-v-aurora`)));
      await assertFails(getDoc(doc(vera(), `${c}/${c}-v-borealis`)));
      await assertFails(getDoc(doc(vera(), `${c}/${c}-system`)));
      await assertSucceeds(getDoc(doc(victor(), `${c}/${c}-v-borealis`)));
      await assertFails(getDoc(doc(victor(), `${c}/${c}-v-aurora`)));
      // A query is allowed only when it asks for the vendor's own documents.
      await assertSucceeds(getDocs(query(collection(vera(), c), where('vendorId', '==', 'v-aurora'))));
      await assertFails(getDocs(query(collection(vera(), c), where('vendorId', '==', 'v-borealis'))));
      await assertFails(getDocs(collection(vera(), c)));
      for (const id of [`${c}-v-aurora`, `${c}-system`]) await assertSucceeds(getDoc(doc(operator(), `${c}/${id}`)));
      for (const db of [anon(), shopper()]) await assertFails(getDoc(doc(db, `${c}/${c}-v-aurora`)));
    });
  }

  it('a vendor user reads no operator record and no shopper\'s documents, even ones naming its vendor', async () => {
    for (const c of OPERATOR_ONLY) {
      await assertFails(getDoc(doc(vera(), `${c}/x`)));
      await assertFails(getDocs(query(collection(vera(), c), where('vendorId', '==', 'v-aurora'))));
    }
    for (const c of SHOPPER_OWNED) {
      await assertFails(getDoc(doc(vera(), `${c}/alice_x`)));
      await assertSucceeds(getDoc(doc(shopper(), `${c}/alice_x`)));
    }
    for (const c of ['reconciliationRuns', 'metrics', 'fulfillments']) await assertSucceeds(getDoc(doc(operator(), `${c}/x`)));
  });

  it("signing keys and an offer's private bookkeeping reach no client, its vendor and operators included", async () => {
    for (const db of [anon(), shopper(), vera(), victor(), operator()]) {
      await assertFails(getDoc(doc(db, 'vendorKeys/key-v-aurora')));
      await assertFails(getDocs(query(collection(db, 'vendorKeys'), where('vendorId', '==', 'v-aurora'))));
      await assertFails(getDoc(doc(db, 'inventoryInternals/v-aurora~card-1')));
    }
  });

  it('offers are public stock: anyone reads them, a vendor lists its own; nobody writes any of it', async () => {
    for (const db of [anon(), shopper(), vera(), victor(), operator()]) await assertSucceeds(getDoc(doc(db, 'inventory/v-aurora~card-1')));
    await assertSucceeds(getDocs(query(collection(vera(), 'inventory'), where('vendorId', '==', 'v-aurora'))));
    for (const db of [vera(), victor(), operator(), shopper(), anon()]) {
      await assertFails(updateDoc(doc(db, 'inventory/v-aurora~card-1'), { available: 99 }));
      await assertFails(setDoc(doc(db, 'inventory/v-aurora~card-2'), { vendorId: 'v-aurora' }));
      await assertFails(deleteDoc(doc(db, 'inventory/v-aurora~card-1')));
      await assertFails(updateDoc(doc(db, 'vendors/v-aurora'), { status: 'active' }));
      await assertFails(setDoc(doc(db, 'vendorKeys/mine'), { vendorId: 'v-aurora' }));
      for (const c of OWNED) {
        await assertFails(updateDoc(doc(db, `${c}/${c}-v-aurora`), { vendorId: 'v-aurora', state: 'done' }));
        await assertFails(setDoc(doc(db, `${c}/new`), { vendorId: 'v-aurora' }));
      }
    }
  });
});
