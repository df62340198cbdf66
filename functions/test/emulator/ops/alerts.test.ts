/**
 * Alerts that page someone: conditions that must persist before they open, and the webhook that
 * the Functions emulator's alert trigger posts to (a local Slack stand-in), retried and
 * deduplicated per episode.
 */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore, waitFor } from '../helpers';
import { raiseOrResolve } from '../../../src/adapters/alerts';
import { AlertReceiver } from '../../../tools/alert-receiver';

const db = adminDb();
const alert = async (id: string) => (await db.doc(`alerts/${id}`).get()).data();

describe('alerts (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('opens only after the condition held for its duration; one that clears sooner leaves no alert', async () => {
    const t0 = 1_800_000_000_000;
    const lag = (active: boolean, at: number) => raiseOrResolve(db, [{ id: 'lag-test', active, forMs: 600_000, fields: { kind: 'sync_lag', lagMs: 700_000 } }], at);
    await lag(true, t0);
    assert.equal((await alert('lag-test'))!.status, 'pending');
    await lag(true, t0 + 300_000);
    assert.equal((await alert('lag-test'))!.status, 'pending', 'half way: nobody paged');
    await lag(true, t0 + 600_000);
    assert.equal((await alert('lag-test'))!.status, 'open');
    await lag(false, t0 + 660_000);
    assert.equal((await alert('lag-test'))!.status, 'resolved');
    // A blip: holds, then clears before its duration.
    await lag(true, t0 + 700_000);
    await lag(false, t0 + 760_000);
    assert.equal(await alert('lag-test'), undefined, 'no episode');
  });

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
