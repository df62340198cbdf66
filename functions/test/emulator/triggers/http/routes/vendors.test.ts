/**
 * Vendors through the `api` function in the Functions emulator, as a deployment runs them: an
 * operator creates a vendor and its user, the vendor makes its own signing key, pushes offers with
 * condition, language and price, reads its own jobs (and nobody else's), is suspended and comes
 * back. Isolation is checked at every route: anon, shopper, each vendor, operator.
 */
import assert from 'node:assert/strict';
import { adminDb, call, clearFirestore, PROJECT_ID, waitFor } from '../../../helpers';
import { seedStock } from '../../../checkout-fixtures';
import { sign, signRequest } from '../../../../../src/ingest/signature';
import { emulatorIdToken } from '../../../../../tools/auth-emulator';
import { ApiContract } from '../../../api-contract';
import { API_ROUTES } from '../../../../../src/triggers/http/routes';
import { logEntryData } from '../../../../../src/domain/events';

const contract = new ApiContract();
const fetch = contract.asFetch();
const db = adminDb();
const BASE = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;
const GLOBAL_SECRET = 'local-ingest-signing-secret-0123456789';

type Answer = { status: number; body: Record<string, unknown> };

async function api(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

let t0 = Math.floor(Date.now() / 1000);
/** A distinct second per push: the same body signed in the same second would be a replay. */
const nextT = () => (t0 = Math.max(t0 + 1, Math.floor(Date.now() / 1000)));

async function push(source: string, secret: string, updates: unknown[], batchId = `b-${Math.random().toString(36).slice(2)}`): Promise<Answer> {
  const body = JSON.stringify({ source, batchId, updates });
  const res = await fetch(`${BASE}/v1/inventory/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sign(secret, body, nextT()) }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function pushCsv(source: string, secret: string, csv: string, batchId: string): Promise<Answer> {
  const headers = { 'x-inventory-source': source, 'x-inventory-batch-id': batchId };
  const sig = signRequest(secret, { method: 'POST', path: '/v1/inventory/sync', query: '', headers, body: csv }, nextT());
  const res = await fetch(`${BASE}/v1/inventory/sync`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv', 'x-inventory-signature': sig }, body: csv });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const row = (sku: string, onHand: number, seq: number, extra: object = {}) => ({ op: 'upsert', sku, locationId: 'v-loc', onHand, seq, occurredAt: new Date().toISOString(), ...extra });
const offerAttrs = { productId: 'card-0001', condition: 'NM', language: 'en', foil: true, price: { amount: 1250, currency: 'EUR' } };
const stock = async (sku: string) => (await db.doc(`inventory/${sku}`).get()).data();
const jobDone = (id: string, token: string) => waitFor(async () => {
  const j = await api('GET', `/v1/vendor/jobs/${id}`, token);
  return j.body.state === 'done' ? j : null;
}, 20_000);

describe('vendors through the api function (Functions emulator)', function () {
  this.timeout(120_000);
  let olga: string, omar: string, shopper: string, vera: string, victor: string;

  before(async () => {
    olga = await emulatorIdToken('op-olga-v', { admin: true });
    omar = await emulatorIdToken('op-omar-v', { admin: true });
    shopper = await emulatorIdToken('shopper-v', {});
  });

  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { 'SKU-1': 5 });
    await db.doc('products/card-0001').set({ name: 'Black Lotus (Alpha)' });
    await db.doc('products/SKU-1').set({ name: 'Tee' });
    for (const [vendorId, name] of [['v-aurora', 'Aurora Cards'], ['v-borealis', 'Borealis Games']] as const) {
      const r = await api('POST', '/v1/vendors', olga, { vendorId, name, feedCadenceMinutes: 15, contactEmails: [`${vendorId}@example.com`] });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    vera = await emulatorIdToken('vendor-vera-t', { vendorId: 'v-aurora' });
    victor = await emulatorIdToken('vendor-victor-t', { vendorId: 'v-borealis' });
  });

  it('operators create vendors and vendor users; bad input names the field; nobody else may', async () => {
    const dup = await api('POST', '/v1/vendors', olga, { vendorId: 'v-aurora', name: 'Again' });
    assert.equal(dup.status, 409);
    const bad = await api('POST', '/v1/vendors', olga, { vendorId: 'v~bad', name: '', feedCadenceMinutes: 0 });
    assert.equal(bad.status, 400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['feedCadenceMinutes', 'name', 'vendorId']);
    assert.equal((await db.doc('vendors/v~bad').get()).exists, false);
    for (const [token, status] of [[undefined, 401], [shopper, 403], [vera, 403]] as const) {
      assert.equal((await api('POST', '/v1/vendors', token, { vendorId: 'v-x', name: 'X' })).status, status);
      assert.equal((await api('GET', '/v1/vendors', token)).status, status);
      assert.equal((await api('POST', '/v1/vendors/v-aurora/status', token, { status: 'suspended' })).status, status);
      assert.equal((await api('POST', '/v1/vendors/v-aurora/users', token, { email: 'x@example.com' })).status, status);
    }
    const user = await api('POST', '/v1/vendors/v-aurora/users', olga, { email: 'new-vendor-user@example.com', password: 'password123' });
    assert.equal(user.status, 200);
    const signIn = await globalThis.fetch(`http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'new-vendor-user@example.com', password: 'password123', returnSecureToken: true }),
    });
    const token = ((await signIn.json()) as { idToken: string }).idToken;
    const self = await api('GET', '/v1/vendor', token);
    assert.equal(self.status, 200);
    assert.equal((self.body.vendor as { vendorId: string }).vendorId, 'v-aurora');
    // One user serves one vendor; an operator is never made a vendor user.
    assert.equal((await api('POST', '/v1/vendors/v-borealis/users', olga, { email: 'new-vendor-user@example.com' })).status, 409);
    const list = await api('GET', '/v1/vendors', omar);
    assert.deepEqual((list.body.items as { vendorId: string; feed: { state: string } }[]).map((v) => [v.vendorId, v.feed.state]), [['v-aurora', 'never'], ['v-borealis', 'never']]);
  });

  it('every route refuses whoever its security scheme does not admit: anon, a shopper, each vendor, an operator', async () => {
    const fill = (p: string) => p.replace(/\{(\w+)\}/g, (_m, k: string) => (k === 'sku' ? 'SKU-1' : k === 'vendorId' ? 'v-aurora' : k === 'kind' ? 'stock' : '0123456789abcdef0123'));
    const expect: Record<string, [string | undefined, number][]> = {
      operator: [[undefined, 401], [shopper, 403], [vera, 403], [victor, 403]],
      vendor: [[undefined, 401], [shopper, 403], [olga, 403]],
    };
    let checked = 0;
    for (const r of API_ROUTES) {
      for (const [token, status] of expect[r.doc.security] ?? []) {
        const got = await api(r.method.toUpperCase(), fill(r.path), token, r.method === 'post' ? {} : undefined);
        assert.equal(got.status, status, `${r.method} ${r.path} with ${token === undefined ? 'no token' : token === shopper ? 'a shopper' : token === olga ? 'an operator' : 'a vendor'}: ${JSON.stringify(got.body)}`);
        checked++;
      }
    }
    assert.ok(checked > 60, `${checked} route/principal pairs`);
    // A signed source's routes refuse ID tokens of vendors and shoppers (they are not operators).
    for (const token of [vera, shopper]) assert.equal((await api('GET', '/v1/jobs/0123456789abcdef0123', token)).status, 403);
  });

  it('a vendor makes its own key, shown once and sealed at rest, and pushes offers with condition, language and price', async () => {
    assert.equal((await api('POST', '/v1/vendor/keys', shopper)).status, 403);
    assert.equal((await api('POST', '/v1/vendor/keys')).status, 401);
    const key = await api('POST', '/v1/vendor/keys', vera);
    assert.equal(key.status, 201);
    const secret = String(key.body.secret);
    assert.ok(Buffer.byteLength(secret) >= 32);
    const stored = (await db.collection('vendorKeys').where('vendorId', '==', 'v-aurora').get()).docs;
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored[0]!.data()).includes(secret), 'the secret is not stored in plaintext');
    const self = await api('GET', '/v1/vendor', vera);
    assert.ok(!JSON.stringify(self.body).includes(secret), 'the secret is never answered again');

    // Signed with the deployment's shared secret instead of its own key: refused.
    assert.equal((await push('v-aurora', GLOBAL_SECRET, [row('AUR-1', 3, 1, offerAttrs)])).status, 401);

    const r = await push('v-aurora', secret, [
      row('AUR-1', 3, 1, offerAttrs),
      row('AUR-2', 1, 1),
      row('AUR-3', 1, 1, { ...offerAttrs, productId: 'card-9999' }),
      row('AUR-4', 1, 1, { productId: 'card-0001', condition: 'XX' }),
      row('SKU-1', 0, 9),
    ]);
    assert.equal(r.status, 202);
    assert.equal(r.body.accepted, 1);
    const rejected = r.body.rejected as { index: number; field: string; message: string }[];
    assert.deepEqual(rejected.map((e) => [e.index, e.field]), [[1, 'sku'], [2, 'productId'], [3, 'condition'], [4, 'sku']]);
    assert.match(rejected[0]!.message, /to create it, send productId, condition, language and price/);
    assert.match(rejected[1]!.message, /unknown product card-9999/);
    await jobDone(String(r.body.jobId), vera);
    const offer = await stock('v-aurora~AUR-1');
    assert.deepEqual(
      { vendorId: offer?.vendorId, vendorSku: offer?.vendorSku, productId: offer?.productId, condition: offer?.condition, language: offer?.language, foil: offer?.foil, price: offer?.price, onHand: offer?.onHand, lowStockThreshold: offer?.lowStockThreshold },
      { vendorId: 'v-aurora', vendorSku: 'AUR-1', productId: 'card-0001', condition: 'NM', language: 'en', foil: true, price: { amount: 1250, currency: 'EUR' }, onHand: 3, lowStockThreshold: 2 },
    );
    assert.equal((await stock('SKU-1'))?.onHand, 5, "the WMS's SKU is untouched");
    const events = (await db.collection('inventoryEvents').where('sku', '==', 'v-aurora~AUR-1').get()).docs.map((d) => d.data());
    assert.ok(events.length >= 1);
    assert.equal(events[0]!.vendorId, 'v-aurora');
    assert.equal((logEntryData(events[0]!).offer as { condition: string }).condition, 'NM');
    // The read API shows the offer's attributes.
    const read = await api('GET', '/v1/inventory/v-aurora~AUR-1');
    assert.equal(read.body.condition, 'NM');
    assert.deepEqual(read.body.price, { amount: 1250, currency: 'EUR' });

    // An update by code: a new price rides with the next count.
    const upd = await push('v-aurora', secret, [row('AUR-1', 2, 2, { price: { amount: 990, currency: 'EUR' } })]);
    await jobDone(String(upd.body.jobId), vera);
    assert.deepEqual([(await stock('v-aurora~AUR-1'))?.price.amount, (await stock('v-aurora~AUR-1'))?.onHand], [990, 2]);

    // CSV, as a vendor's shop system exports it: the price in two columns.
    const csv = 'op,sku,locationId,onHand,seq,occurredAt,productId,condition,language,priceAmount,priceCurrency\n'
      + `upsert,AUR-9,v-loc,4,1,${new Date().toISOString()},card-0001,EX,de,450,EUR\n`
      + `upsert,AUR-10,v-loc,4,1,${new Date().toISOString()},card-0001,EX,German,450,EUR\n`;
    const c = await pushCsv('v-aurora', secret, csv, 'csv-1');
    assert.equal(c.status, 202);
    assert.deepEqual((c.body.rejected as { index: number; field: string }[]).map((e) => [e.index, e.field]), [[1, 'language']]);
    await jobDone(String(c.body.jobId), vera);
    assert.deepEqual([(await stock('v-aurora~AUR-9'))?.language, (await stock('v-aurora~AUR-9'))?.price], ['de', { amount: 450, currency: 'EUR' }]);

    // The error report: row number, field, message and the line as it came.
    const report = await globalThis.fetch(`${BASE}/v1/vendor/jobs/${String(c.body.jobId)}/errors.csv`, { headers: { authorization: `Bearer ${vera}` } });
    assert.equal(report.status, 200);
    const text = await report.text();
    assert.match(text, /^row,field,message,line\n2,language,/);
    assert.match(text, /AUR-10,v-loc,4,1,.*German/);
    assert.equal((await globalThis.fetch(`${BASE}/v1/vendor/jobs/${String(c.body.jobId)}/errors.csv`, { headers: { authorization: `Bearer ${victor}` } })).status, 404);
  });

  it("a vendor's credential writes only its own offers: another vendor's offer is a row error naming sku, and nothing changes", async () => {
    const aurora = String((await api('POST', '/v1/vendor/keys', vera)).body.secret);
    const borealis = String((await api('POST', '/v1/vendor/keys', victor)).body.secret);
    const a = await push('v-aurora', aurora, [row('AUR-1', 3, 1, offerAttrs)]);
    await jobDone(String(a.body.jobId), vera);
    const before = await stock('v-aurora~AUR-1');

    // Victor names Aurora's offer by its id, and signs as Aurora with his own key.
    const b = await push('v-borealis', borealis, [row('v-aurora~AUR-1', 0, 50)]);
    assert.deepEqual((b.body.rejected as { field: string }[]).map((e) => e.field), ['sku']);
    assert.match((b.body.rejected as { message: string }[])[0]!.message, /belongs to another vendor/);
    assert.equal((await push('v-aurora', borealis, [row('AUR-1', 0, 51)])).status, 401);
    // A system source (the WMS's shared secret) does not write offers either.
    const sys = await push('erp', GLOBAL_SECRET, [row('v-aurora~AUR-1', 0, 52)]);
    assert.deepEqual((sys.body.rejected as { field: string }[]).map((e) => e.field), ['sku']);
    await new Promise((r) => setTimeout(r, 1500));
    const after = await stock('v-aurora~AUR-1');
    assert.deepEqual([after?.onHand, after?.version], [before?.onHand, before?.version]);

    // Jobs: each vendor sees its own; another's id answers 404, like an unknown one.
    const veraJobs = (await api('GET', '/v1/vendor/jobs', vera)).body.items as { jobId: string; vendorId: string }[];
    assert.deepEqual(veraJobs.map((j) => j.vendorId), ['v-aurora']);
    const victorJobs = (await api('GET', '/v1/vendor/jobs', victor)).body.items as { jobId: string }[];
    assert.equal(victorJobs.length, 1);
    assert.equal((await api('GET', '/v1/vendor/jobs?limit=0', vera)).status, 400);
    assert.equal((await api('GET', `/v1/vendor/jobs/${veraJobs[0]!.jobId}`, victor)).status, 404);
    assert.equal((await api('GET', `/v1/vendor/jobs/${victorJobs[0]!.jobId}`, vera)).status, 404);
    assert.equal((await api('GET', `/v1/vendor/jobs/${veraJobs[0]!.jobId}`, vera)).status, 200);
    for (const [token, status] of [[undefined, 401], [shopper, 403], [olga, 403]] as const) {
      assert.equal((await api('GET', '/v1/vendor/jobs', token)).status, status);
      assert.equal((await api('GET', `/v1/vendor/jobs/${veraJobs[0]!.jobId}`, token)).status, status);
      assert.equal((await api('GET', '/v1/vendor', token)).status, status);
    }

    // The export holds the vendor's own offers only.
    const b2 = await push('v-borealis', borealis, [row('BOR-1', 2, 1, offerAttrs)]);
    await jobDone(String(b2.body.jobId), victor);
    const exported = await globalThis.fetch(`${BASE}/v1/vendor/offers.csv`, { headers: { authorization: `Bearer ${vera}` } });
    assert.equal(exported.status, 200);
    const lines = (await exported.text()).trim().split('\n');
    assert.match(lines[0]!, /^offerId,vendorSku,productId,condition,language/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['v-aurora~AUR-1']);
    assert.equal((await globalThis.fetch(`${BASE}/v1/vendor/offers.csv`, { headers: { authorization: `Bearer ${olga}` } })).status, 403);

    // Adjustments: a vendor asks for its own offer only, and always waits for an operator.
    const ask = await api('POST', '/v1/vendor/offers/v-aurora~AUR-1/adjustments', vera, { locationId: 'v-loc', onHand: 1, reasonCode: 'damaged' });
    assert.equal(ask.status, 202);
    assert.equal(ask.body.state, 'pending_approval');
    assert.equal((await api('POST', '/v1/vendor/offers/v-aurora~AUR-1/adjustments', victor, { locationId: 'v-loc', onHand: 0, reasonCode: 'lost' })).status, 404);
    assert.equal((await api('POST', '/v1/vendor/offers/SKU-1/adjustments', vera, { locationId: 'wh-01', onHand: 0, reasonCode: 'lost' })).status, 404);
    assert.equal((await api('POST', `/v1/adjustments/${String(ask.body.adjustmentId)}/approve`, vera)).status, 403);
    assert.equal((await stock('v-aurora~AUR-1'))?.onHand, 3);
    assert.equal((await api('POST', `/v1/adjustments/${String(ask.body.adjustmentId)}/approve`, olga)).status, 200);
    assert.equal((await stock('v-aurora~AUR-1'))?.onHand, 1);
  });

  it('rotating keeps the previous key valid for the grace period', async () => {
    const first = String((await api('POST', '/v1/vendor/keys', vera)).body.secret);
    const second = await api('POST', '/v1/vendor/keys', vera);
    assert.equal(second.status, 201);
    assert.ok(Date.parse(String(second.body.previousValidUntil)) - Date.now() > 23 * 3600_000);
    // One job after the other: jobs run in any order, and the second updates the offer the first creates.
    const a = await push('v-aurora', first, [row('AUR-1', 3, 1, offerAttrs)]);
    assert.equal(a.status, 202);
    await jobDone(String(a.body.jobId), vera);
    const b = await push('v-aurora', String(second.body.secret), [row('AUR-1', 2, 2)]);
    assert.equal(b.status, 202);
    await jobDone(String(b.body.jobId), vera);
    assert.equal((await stock('v-aurora~AUR-1'))?.onHand, 2);
    const keys = (await api('GET', '/v1/vendor', vera)).body.keys as { retiresAt: string | null }[];
    assert.deepEqual(keys.map((k) => k.retiresAt === null), [true, false]);
  });

  it('a suspended vendor is refused and its offers stop selling; reactivated, they sell again', async () => {
    const secret = String((await api('POST', '/v1/vendor/keys', vera)).body.secret);
    const j = await push('v-aurora', secret, [row('AUR-1', 4, 1, offerAttrs)]);
    await jobDone(String(j.body.jobId), vera);
    const suspended = await api('POST', '/v1/vendors/v-aurora/status', olga, { status: 'suspended', reason: 'unpaid fees' });
    assert.deepEqual(suspended.body, { vendorId: 'v-aurora', status: 'suspended', offersChanged: 1 });
    const off = await stock('v-aurora~AUR-1');
    assert.deepEqual([off?.onHand, off?.available, off?.status, off?.halt], [4, 0, 'out_of_stock', 'vendor_suspended']);
    const refused = await push('v-aurora', secret, [row('AUR-1', 9, 2)]);
    assert.equal(refused.status, 403);
    assert.match(String(refused.body.error), /suspended/);
    const hold = await call('reserveCart', { cartId: 'c-1', items: [{ sku: 'v-aurora~AUR-1', quantity: 1 }] }, shopper);
    assert.equal(hold.error?.status, 'FAILED_PRECONDITION');
    // Its jobs stay readable.
    assert.equal((await api('GET', '/v1/vendor/jobs', vera)).status, 200);

    const back = await api('POST', '/v1/vendors/v-aurora/status', olga, { status: 'active' });
    assert.equal(back.body.offersChanged, 1);
    const on = await stock('v-aurora~AUR-1');
    assert.deepEqual([on?.available, on?.halt], [4, null]);
    const ok = await call('reserveCart', { cartId: 'c-2', items: [{ sku: 'v-aurora~AUR-1', quantity: 1 }] }, shopper);
    assert.equal((ok.result as { state?: string } | undefined)?.state, 'held', JSON.stringify(ok));
    assert.equal((await stock('v-aurora~AUR-1'))?.vendorId, 'v-aurora', 'a hold keeps the offer attributes');
  });
});
