/**
 * The checkout trigger adapters in-process, through the v2 functions' own `.run()`
 * (firebase-functions-test's wrap() mishandles v2 onCall): results and errors mapped at the edge.
 */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { reserveCart, validateCart } from '../../../src/triggers/checkout';

const db = adminDb();

describe('triggers/checkout', () => {
  beforeEach(async () => {
    await clearFirestore();
    await seedStock(db, { A: 2, B: 0 });
  });

  describe('in-process (.run())', () => {
    before(() => {
      Object.assign(process.env, { WMS_BASE_URL: 'http://127.0.0.1:1', WMS_API_KEY: 'k', INGEST_SIGNING_SECRET: 's', PAYMENT_PROVIDER_URL: 'http://127.0.0.1:8091', MAX_OPEN_HOLDS_PER_SHOPPER: '5', MAX_UNITS_PER_SKU_PER_SHOPPER: '20', SHOPPER_REQUESTS_PER_MINUTE: '60', RESERVATION_TTL_SECONDS: '900', LOW_STOCK_THRESHOLD: '2', SYNC_INTERVAL_SECONDS: '5', STALE_AFTER_SECONDS: '30', ALERT_WEBHOOK_URL: '', ALERT_LAG_SECONDS: '600', ALERT_LAG_FOR_SECONDS: '300', ALERT_FAILURE_RATE_FOR_SECONDS: '300', ALERT_DISCREPANCY_FOR_SECONDS: '82800', MASS_CHANGE_GUARD_PERCENT: '30', STALE_FEED_FACTOR: '3', INLINE_PUSH_MAX_ROWS: '50', TRACE_SAMPLE_PERCENT: '100' });
    });

    it('maps results and errors at the edge', async () => {
      const ok = await reserveCart.run({ data: { cartId: 'x', items: [{ sku: 'A', quantity: 1 }] }, auth: { uid: 'carol', token: {} } } as never);
      assert.equal((ok as { state: string }).state, 'held');
      await assert.rejects(validateCart.run({ data: { items: 'nope' }, auth: { uid: 'carol', token: {} } } as never), (e: { code: string; message: string }) => e.code === 'invalid-argument' && /items/.test(e.message));
      await assert.rejects(validateCart.run({ data: { items: [] } } as never), (e: { code: string }) => e.code === 'unauthenticated');
    });
  });
});
