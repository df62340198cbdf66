/**
 * The operations triggers in the Functions emulator: the alert trigger posts raised and resolved
 * alerts to the webhook (a local Slack stand-in), retried and deduplicated per episode. (When an
 * alert opens is adapters/alerts.test.ts; the reconciliation task is adapters/reconcile-tasks.test.ts.)
 */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore, waitFor } from '../helpers';
import { raiseOrResolve } from '../../../src/adapters/alerts';
import { AlertReceiver } from '../../../tools/alert-receiver';

const db = adminDb();

describe('triggers/ops (Functions emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('posts a raised alert and its resolution to the webhook, once each, retrying a failing receiver', async () => {
    // ALERT_WEBHOOK_URL in functions/.env.demo-inventory points here.
    const receiver = new AlertReceiver();
    await receiver.start(8092);
    try {
      receiver.failNext = 2;
      await raiseOrResolve(db, [{ id: 'wms-failure-rate-test', active: true, fields: { kind: 'wms_failure_rate', attempts: 40, failures: 5 } }]);
      const raised = await waitFor(async () => receiver.messages.find((m) => m.alert.id === 'wms-failure-rate-test' && m.alert.transition === 'raised'), 30_000, 100);
      assert.match(raised.text, /wms_failure_rate raised: wms-failure-rate-test/);
      assert.equal(receiver.failures, 2, 'the two failures were retried');
      // Confirmed every cycle while it holds: no new message.
      await raiseOrResolve(db, [{ id: 'wms-failure-rate-test', active: true, fields: { kind: 'wms_failure_rate', attempts: 60, failures: 7 } }]);
      await raiseOrResolve(db, [{ id: 'wms-failure-rate-test', active: false, fields: { kind: 'wms_failure_rate' } }]);
      const resolved = await waitFor(async () => receiver.messages.find((m) => m.alert.id === 'wms-failure-rate-test' && m.alert.transition === 'resolved'), 30_000, 100);
      assert.match(resolved.text, /resolved/);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(receiver.messages.filter((m) => m.alert.id === 'wms-failure-rate-test').map((m) => m.alert.transition), ['raised', 'resolved'], 'once per transition');
      const deliveries = (await db.collection('alertDeliveries').get()).docs.filter((d) => d.id.startsWith('wms-failure-rate-test:'));
      assert.deepEqual(deliveries.map((d) => [d.id.split(':')[2], d.data().state]).sort(), [['raised', 'sent'], ['resolved', 'sent']]);
    } finally {
      await receiver.close();
    }
  });
});
