/**
 * Every route of the `api` function through the Functions emulator, its real answers (successes and
 * refusals) checked against docs/openapi.json with ajv. The document is generated from the zod
 * schemas; this is what keeps it true of what the code sends.
 */
import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore, waitFor } from '../../helpers';
import { seedStock } from '../../checkout-fixtures';
import { seedVendor } from '../../vendor-fixtures';
import { API, ApiContract } from '../../api-contract';
import { sign, signRequest } from '../../../../src/adapters/hmac-signature';
import { PAYMENT_SIGNATURE_HEADER } from '../../../../src/checkout/payment-intents';
import { localWebhookSecret } from '../../../../tools/payment-simulator';
import { emulatorIdToken } from '../../../../tools/auth-emulator';
import { WmsSimulator } from '../../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../../src/adapters/wms-http';
import { CountApplier } from '../../../../src/stock/count-applier';
import { runSyncCycle } from '../../../../src/sync/sync-cycle';
import { API_ROUTES } from '../../../../src/triggers/http/routes';

const db = adminDb();
const SECRET = 'local-ingest-signing-secret-0123456789';
const now = () => Math.floor(Date.now() / 1000);

describe('the OpenAPI document against real answers (Functions emulator, ajv)', function () {
  this.timeout(120_000);
  const api = new ApiContract();
  let olga: string;
  let oscar: string;
  let shopper: string;
  const as = (token: string | null, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const postJson = (path: string, token: string | null, body: unknown) => api.fetch(`${API}${path}`, as(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

  before(async () => {
    await clearFirestore();
    [olga, oscar, shopper] = await Promise.all([
      emulatorIdToken('olga-oas', { admin: true }, 'ops.example.com'),
      emulatorIdToken('oscar-oas', { admin: true }, 'ops.example.com'),
      emulatorIdToken('sam-oas', {}),
    ]);
  });

  it('push and job status: 202, 400, 401, 413, 415, then the job as its source and an operator read it', async () => {
    await seedStock(db, { 'OAS-A': 5, 'OAS-B': 5 });
    for (const s of ['OAS-A', 'OAS-B']) await db.doc(`products/${s}`).set({ name: s });
    const body = JSON.stringify({ source: 'oas', batchId: 'b1', updates: [
      { op: 'upsert', sku: 'OAS-A', locationId: 'wh-01', onHand: 9, seq: 2, occurredAt: new Date().toISOString() },
      { op: 'upsert', sku: 'OAS-B', locationId: 'wh-01', onHand: -1, seq: 2, occurredAt: new Date().toISOString() },
    ] });
    const push = (b: string, headers: Record<string, string>) => api.fetch(`${API}/v1/inventory/sync`, { method: 'POST', headers, body: b });
    const accepted = await push(body, { 'content-type': 'application/json', 'x-inventory-signature': sign(SECRET, body, now()) });
    assert.equal(accepted.status, 202);
    assert.deepEqual([accepted.json.accepted, (accepted.json.rejected as unknown[]).length], [1, 1], JSON.stringify(accepted.json));
    assert.equal((await push(body, { 'content-type': 'application/json' })).status, 401);
    const bad = '{"source":';
    assert.equal((await push(bad, { 'content-type': 'application/json', 'x-inventory-signature': sign(SECRET, bad, now()) })).status, 400);
    const text = 'hello';
    const t = now();
    assert.equal((await push(text, { 'content-type': 'text/plain', 'x-inventory-signature': signRequest(SECRET, { method: 'POST', path: '/v1/inventory/sync', query: '', headers: {}, body: text }, t) })).status, 415);
    assert.equal((await push('x'.repeat(2 * 1024 * 1024 + 1), { 'content-type': 'text/csv' })).status, 413);

    const jobId = String(accepted.json.jobId);
    const read = (source: string) => {
      const sig = signRequest(SECRET, { method: 'GET', path: `/v1/jobs/${jobId}`, query: '', headers: { 'x-inventory-source': source }, body: '' }, now());
      return api.fetch(`${API}/v1/jobs/${jobId}`, { headers: { 'x-inventory-source': source, 'x-inventory-signature': sig } });
    };
    const done = await waitFor(async () => {
      const j = await read('oas');
      return j.json.state === 'done' ? j : null;
    }, 30_000, 200);
    assert.equal(done.json.applied, 1);
    assert.equal((await api.fetch(`${API}/v1/jobs/${jobId}`, as(olga))).status, 200);
    assert.equal((await api.fetch(`${API}/v1/jobs/${jobId}`, as(shopper))).status, 403);
    assert.equal((await api.fetch(`${API}/v1/jobs/${jobId}`)).status, 401);
    assert.equal((await read('someone-else')).status, 404);
  });

  it('stock reads, the detail and the trail: 200, 400 and 404', async () => {
    assert.equal((await api.fetch(`${API}/v1/inventory/OAS-A`)).status, 200);
    assert.equal((await api.fetch(`${API}/v1/inventory/NOPE`)).status, 404);
    assert.equal((await api.fetch(`${API}/v1/inventory/__x__`)).status, 400);
    const list = await api.fetch(`${API}/v1/inventory?skus=OAS-A,OAS-B,NOPE`);
    assert.deepEqual(list.json.missing, ['NOPE']);
    assert.equal((await api.fetch(`${API}/v1/inventory`)).status, 400);
    assert.equal((await api.fetch(`${API}/v1/inventory/OAS-A/detail`, as(olga))).status, 200);
    assert.equal((await api.fetch(`${API}/v1/inventory/NOPE/detail`, as(olga))).status, 404);
    assert.equal((await api.fetch(`${API}/v1/inventory/OAS-A/detail`)).status, 401);
    assert.equal((await api.fetch(`${API}/v1/inventory/OAS-A/detail`, as(shopper))).status, 403);
    const trail = await api.fetch(`${API}/v1/inventory/OAS-A/history`, as(olga));
    assert.ok((trail.json.items as { kind: string }[]).some((i) => i.kind === 'sync.change'), 'the push is in the trail');
    assert.equal((await api.fetch(`${API}/v1/inventory/OAS-A/history?limit=0`, as(olga))).status, 400);
  });

  it('adjustments and their approval: applied, pending, approved, refused', async () => {
    const small = await postJson('/v1/inventory/OAS-A/reconcile', olga, { locationId: 'wh-01', onHand: 11, reasonCode: 'cycle_count' });
    assert.equal(small.json.state, 'applied');
    const large = await postJson('/v1/inventory/OAS-A/reconcile', olga, { locationId: 'wh-01', onHand: 500, reasonCode: 'found', note: 'a pallet' });
    assert.equal(large.json.state, 'pending_approval');
    assert.equal((await postJson('/v1/inventory/OAS-A/reconcile', olga, { locationId: 'wh-01', onHand: -1, reasonCode: 'lost' })).status, 400);
    assert.equal((await postJson('/v1/inventory/NOPE/reconcile', olga, { locationId: 'wh-01', onHand: 1, reasonCode: 'lost' })).status, 404);
    const id = String(large.json.adjustmentId);
    assert.equal((await postJson(`/v1/adjustments/${id}/approve`, olga, {})).status, 403, 'not by the requester');
    assert.equal((await postJson(`/v1/adjustments/${id}/approve`, oscar, {})).json.state, 'applied');
    assert.equal((await postJson(`/v1/adjustments/${id}/approve`, oscar, {})).status, 409);
    assert.equal((await postJson('/v1/adjustments/nope/approve', oscar, {})).status, 404);
  });

  it('unit states, the allocation config and days of cover', async () => {
    const moved = await postJson('/v1/inventory/OAS-A/units', olga, { locationId: 'wh-01', move: { from: 'sellable', to: 'damaged', quantity: 1 }, reasonCode: 'damaged' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal((await postJson('/v1/inventory/OAS-A/units', olga, { locationId: 'wh-01', incoming: 5, incomingAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), reasonCode: 'purchase_order' })).status, 200);
    assert.equal((await postJson('/v1/inventory/OAS-A/units', olga, { locationId: 'wh-01', move: { from: 'damaged', to: 'sellable', quantity: 99 }, reasonCode: 'correction' })).status, 409);
    assert.equal((await postJson('/v1/inventory/OAS-A/units', olga, { locationId: 'wh-01', reasonCode: 'correction' })).status, 400);
    assert.equal((await postJson('/v1/inventory/NOPE/units', olga, { locationId: 'wh-01', incoming: 1, reasonCode: 'purchase_order' })).status, 404);
    assert.equal((await api.fetch(`${API}/v1/allocation`, as(olga))).json.configured, false);
    const put = (body: unknown) => api.fetch(`${API}/v1/allocation`, as(olga, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const cfg = { channels: { online: { strategy: 'priority' }, 'store-1': { kind: 'store', locations: ['store-1'] } }, locations: { 'wh-01': { priority: 1, safetyStock: 1 }, 'store-1': { kind: 'store' } }, defaultChannel: 'online' };
    const stored = await put(cfg);
    assert.equal(stored.status, 200, stored.text);
    assert.equal((await put({ ...cfg, defaultChannel: 'nope' })).status, 400);
    assert.equal((await api.fetch(`${API}/v1/allocation`, as(olga))).json.configured, true);
    await db.doc('allocationConfig/current').delete();
    assert.equal((await api.fetch(`${API}/v1/cover?sort=velocity&limit=10`, as(olga))).status, 200);
    assert.equal((await api.fetch(`${API}/v1/cover?sort=price`, as(olga))).status, 400);
  });

  it('alerts, sync health, metrics and exports', async () => {
    await db.doc('alerts/oas-open').set({ kind: 'stale', status: 'open', raisedAt: Timestamp.now() });
    await db.doc('alerts/oas-done').set({ kind: 'stale', status: 'resolved', raisedAt: Timestamp.now() });
    assert.equal((await postJson('/v1/alerts/oas-open/acknowledge', olga, {})).status, 200);
    assert.equal((await postJson('/v1/alerts/oas-done/acknowledge', olga, {})).status, 409);
    assert.equal((await postJson('/v1/alerts/nope/acknowledge', olga, {})).status, 404);
    const sim = new WmsSimulator({ skus: 10, locations: 2 });
    await sim.start();
    try {
      // A real cycle (and a failing one) so that the health document has something to say.
      const deps = { db, connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey }), flags: { isEnabled: async () => true }, applier: new CountApplier(db, { defaultThreshold: 2 }), staleAfterSeconds: 30 };
      await runSyncCycle(deps);
      await runSyncCycle({ ...deps, connector: new WmsHttpConnector({ baseUrl: 'http://127.0.0.1:9', apiKey: 'x' }) }).catch(() => undefined);
    } finally {
      await sim.close();
    }
    const health = await api.fetch(`${API}/v1/sync/health`, as(olga));
    assert.equal(health.json.connectorId, 'wms');
    const slos = await api.fetch(`${API}/v1/slos`, as(olga));
    assert.equal((slos.json.slos as unknown[]).length, 3);
    const bus = await api.fetch(`${API}/v1/bus/health`, as(olga));
    assert.deepEqual((bus.json.subscriptions as { subscription: string }[]).map((s) => s.subscription), ['onInventoryEvent', 'applyIngestJob']);
    // A request that carries a sampled traceparent is traced (the api function flushes its span before answering).
    const traceId = 'a1'.repeat(16);
    await api.fetch(`${API}/v1/inventory/OAS-A`, { headers: { traceparent: `00-${traceId}-${'b2'.repeat(8)}-01` } });
    await waitFor(async () => (await api.fetch(`${API}/v1/traces/${traceId}`, as(olga))).status === 200, 15_000, 200);
    assert.equal((await api.fetch(`${API}/v1/traces/${'c3'.repeat(16)}`, as(olga))).status, 404);
    assert.equal((await api.fetch(`${API}/v1/traces/not-a-trace`, as(olga))).status, 400);
    const metrics = await api.fetch(`${API}/v1/metrics`, as(olga));
    assert.match(metrics.text, /# TYPE /);
    const csv = await api.fetch(`${API}/v1/exports/stock.csv`, as(olga));
    assert.match(csv.text, /^sku,/);
    assert.equal((await api.fetch(`${API}/v1/exports/secrets`, as(olga))).status, 404);
    assert.equal((await api.fetch(`${API}/v1/exports/discrepancies?runId=a%2Fb`, as(olga))).status, 400);
  });

  it('a reconciliation run: 202, 409 while it runs, the finished run, 404', async () => {
    const sim = new WmsSimulator({ skus: 20, locations: 2 });
    await sim.start(8090);
    try {
      await clearFirestore();
      await runSyncCycle({ db, connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey }), flags: { isEnabled: async () => true }, applier: new CountApplier(db, { defaultThreshold: 2 }), staleAfterSeconds: 30 });
      assert.equal((await postJson('/v1/reconciliation/run', olga, { fix: 'yes' })).status, 400);
      await db.doc('reconciliationRuns/other-run').set({ state: 'running', updatedAt: Timestamp.now() });
      assert.equal((await postJson('/v1/reconciliation/run', olga, {})).status, 409);
      await db.doc('reconciliationRuns/other-run').delete();
      const started = await postJson('/v1/reconciliation/run', olga, { fix: false });
      assert.equal(started.status, 202);
      const done = await waitFor(async () => {
        const r = await api.fetch(`${API}/v1/reconciliation/runs/${String(started.json.runId)}`, as(olga));
        return r.json.state === 'done' ? r : null;
      }, 90_000, 500);
      assert.equal(done.json.skus, 20);
      assert.equal((await api.fetch(`${API}/v1/reconciliation/runs/nope`, as(olga))).status, 404);
    } finally {
      await sim.close();
    }
  });

  it("the payment webhook: an unknown payment (200), a malformed event (400), a forged signature (401)", async () => {
    const secret = localWebhookSecret();
    const deliver = (b: string, sig: string) => api.fetch(`${API}/v1/payments/events`, { method: 'POST', headers: { 'content-type': 'application/json', [PAYMENT_SIGNATURE_HEADER]: sig }, body: b });
    const event = JSON.stringify({ id: 'evt_oas_1', type: 'payment.succeeded', data: { paymentId: 'pi_nobody' } });
    assert.equal((await deliver(event, sign(secret, event, now()))).json.outcome, 'unknown_payment');
    const malformed = JSON.stringify({ id: 'evt_oas_2', type: 'payment.maybe', data: {} });
    assert.equal((await deliver(malformed, sign(secret, malformed, now()))).status, 400);
    assert.equal((await deliver(event, sign('forged-secret-0123456789-0123456789', event, now()))).status, 401);
  });

  it('vendor and vendor-management routes: 200, 201, 202, 400, 401, 403, 404, 409 and the CSV files', async () => {
    await db.doc('products/card-0001').set({ name: 'Black Lotus (Alpha)' });
    assert.equal((await postJson('/v1/vendors', olga, { vendorId: 'v-oas', name: 'OAS Cards' })).status, 201);
    assert.equal((await postJson('/v1/vendors', olga, { vendorId: 'v-oas', name: 'again' })).status, 409);
    assert.equal((await postJson('/v1/vendors', olga, { vendorId: '' })).status, 400);
    assert.equal((await api.fetch(`${API}/v1/vendors`, as(olga))).status, 200);
    assert.equal((await postJson('/v1/vendors/v-oas/users', olga, { email: 'vendor-oas-api@example.com', password: 'password' })).status, 200);
    assert.equal((await postJson('/v1/vendors/v-nope/users', olga, { email: 'x-oas@example.com' })).status, 404);
    const vendor = await emulatorIdToken('vendor-oas', { vendorId: 'v-oas' });
    assert.equal((await api.fetch(`${API}/v1/vendor`, as(vendor))).status, 200);
    assert.equal((await api.fetch(`${API}/v1/vendor`, as(olga))).status, 403);
    const key = await api.fetch(`${API}/v1/vendor/keys`, as(vendor, { method: 'POST' }));
    assert.equal(key.status, 201);
    const body = JSON.stringify({ source: 'v-oas', batchId: 'v1', updates: [
      { op: 'upsert', sku: 'OAS-1', locationId: 'v-loc', onHand: 2, seq: 1, occurredAt: new Date().toISOString(), productId: 'card-0001', condition: 'NM', language: 'en', price: { amount: 100, currency: 'EUR' } },
      { op: 'upsert', sku: 'OAS-2', locationId: 'v-loc', onHand: 2, seq: 1, occurredAt: new Date().toISOString() },
    ] });
    const pushed = await api.fetch(`${API}/v1/inventory/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sign(String(key.json.secret), body, now()) }, body });
    assert.equal(pushed.status, 202);
    const jobId = String(pushed.json.jobId);
    await waitFor(async () => (await api.fetch(`${API}/v1/vendor/jobs/${jobId}`, as(vendor))).json.state === 'done', 30_000, 200);
    assert.equal((await api.fetch(`${API}/v1/vendor/jobs`, as(vendor))).status, 200);
    assert.equal((await api.fetch(`${API}/v1/vendor/jobs?limit=0`, as(vendor))).status, 400);
    assert.equal((await api.fetch(`${API}/v1/vendor/jobs/0123456789abcdef0123`, as(vendor))).status, 404);
    assert.equal((await api.fetch(`${API}/v1/vendor/jobs/${jobId}/errors.csv`, as(vendor))).status, 200);
    assert.equal((await api.fetch(`${API}/v1/vendor/offers.csv`, as(vendor))).status, 200);
    assert.equal((await api.fetch(`${API}/v1/vendor/cover`, as(vendor))).status, 200);
    assert.equal((await postJson('/v1/vendor/offers/v-oas~OAS-1/adjustments', vendor, { locationId: 'v-loc', onHand: 1, reasonCode: 'damaged' })).status, 202);
    assert.equal((await postJson('/v1/vendor/offers/v-oas~OAS-1/adjustments', vendor, { locationId: 'v-loc', onHand: -1, reasonCode: 'damaged' })).status, 400);
    assert.equal((await postJson('/v1/vendor/offers/v-oas~NOPE/adjustments', vendor, { locationId: 'v-loc', onHand: 1, reasonCode: 'damaged' })).status, 404);
    assert.equal((await postJson('/v1/vendors/v-oas/status', olga, { status: 'suspended' })).status, 200);
    assert.equal((await postJson('/v1/vendors/v-oas/status', olga, { status: 'paused' })).status, 400);
    assert.equal((await postJson('/v1/vendors/v-nope/status', olga, { status: 'active' })).status, 404);
    const refused = JSON.stringify({ source: 'v-oas', batchId: 'v2', updates: [{ op: 'upsert', sku: 'OAS-1', locationId: 'v-loc', onHand: 3, seq: 2, occurredAt: new Date().toISOString() }] });
    assert.equal((await api.fetch(`${API}/v1/inventory/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sign(String(key.json.secret), refused, now()) }, body: refused })).status, 403);
  });

  it('file drops, dry runs and the review of a held batch: 200, 202, 400, 409 and a dry-run push', async () => {
    await seedVendor(db, 'v-oasd', { offers: 10, units: 10 });
    const vendor = await emulatorIdToken('vendor-oasd', { vendorId: 'v-oasd' });
    const drop = (query: string, body: string, type = 'text/csv') => api.fetch(`${API}/v1/vendor/drops?${query}`, as(vendor, { method: 'POST', headers: { 'content-type': type }, body }));
    assert.equal((await drop('name=stock.csv', 'sku,onHand\nC000,9\n')).status, 202);
    const dry = await drop('name=stock.csv&dryRun=true', 'sku,onHand\nC000,0\n');
    assert.deepEqual([dry.status, (dry.json.diff as { offersZeroed: number }).offersZeroed], [200, 1]);
    assert.equal((await drop('name=..%2Fx.csv', 'sku,onHand\nC000,1\n')).status, 400);
    assert.equal((await drop('name=x.csv', '[]', 'application/json')).status, 415);
    const held = await drop('name=truncated.csv&mode=replace', 'sku,onHand\nC001,10\n');
    assert.deepEqual([held.status, held.json.state], [202, 'held_for_review']);
    const again = await drop('name=truncated-2.csv&mode=replace', 'sku,onHand\nC002,10\n');
    assert.equal(again.json.state, 'held_for_review');
    const review = (path: string, token: string, decision: string) => postJson(path, token, { decision });
    assert.deepEqual((await review(`/v1/vendor/jobs/${String(held.json.jobId)}/review`, vendor, 'confirm')).json, { jobId: held.json.jobId, state: 'queued' });
    assert.equal((await review(`/v1/vendor/jobs/${String(held.json.jobId)}/review`, vendor, 'confirm')).status, 409);
    assert.equal((await review(`/v1/vendor/jobs/${String(held.json.jobId)}/review`, vendor, 'maybe')).status, 400);
    await waitFor(async () => (await api.fetch(`${API}/v1/vendor/jobs/${String(held.json.jobId)}`, as(vendor))).json.state === 'done', 30_000, 200);
    assert.equal((await review(`/v1/jobs/${String(again.json.jobId)}/review`, olga, 'discard')).status, 200);
    assert.equal((await review('/v1/jobs/0123456789abcdef0123/review', olga, 'discard')).status, 404);
    const batch = JSON.stringify({ source: 'oas', batchId: 'dry-1', updates: [{ op: 'upsert', sku: 'OAS-A', locationId: 'wh-01', onHand: 0, seq: 9, occurredAt: new Date().toISOString() }] });
    const sig = signRequest(SECRET, { method: 'POST', path: '/v1/inventory/sync', query: 'dryRun=true', headers: {}, body: batch }, now());
    const dryPush = await api.fetch(`${API}/v1/inventory/sync?dryRun=true`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inventory-signature': sig }, body: batch });
    assert.deepEqual([dryPush.status, dryPush.json.dryRun], [200, true]);
  });

  it('checked a success answer of every route, and the check refuses an answer that drifts', async () => {
    const missing = API_ROUTES.filter((r) => ![...api.checked].some((c) => c.startsWith(`${r.method} ${r.path} 2`)));
    assert.deepEqual(missing.map((r) => `${r.method} ${r.path}`), []);
    assert.ok(api.checked.size >= 40, `checked ${api.checked.size} documented answers: ${[...api.checked].join(', ')}`);
    await seedStock(db, { 'OAS-A': 5 });
    const stock = (await api.fetch(`${API}/v1/inventory/OAS-A`)).json;
    assert.equal(api.mismatch('get', '/v1/inventory/{sku}', 200, stock), null);
    const { available: _, ...withoutAvailable } = stock;
    assert.match(String(api.mismatch('get', '/v1/inventory/{sku}', 200, withoutAvailable)), /available/);
    assert.match(String(api.mismatch('get', '/v1/inventory/{sku}', 200, { ...stock, wmsOnHand: 3 })), /additional properties/);
    assert.match(String(api.mismatch('get', '/v1/inventory/{sku}', 200, { ...stock, onHand: -1 })), /onHand/);
  });
});
