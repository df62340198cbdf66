import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { alertMessage, alertTransition, episodeKey, PAGED_KINDS } from '../../../src/ops/alert-delivery';

describe('ops/alert-delivery', () => {
  it('speaks only on a transition of the episode', () => {
    assert.equal(alertTransition(undefined, { status: 'open' }), 'raised');
    assert.equal(alertTransition({ status: 'pending' }, { status: 'open' }), 'raised');
    assert.equal(alertTransition({ status: 'resolved' }, { status: 'open' }), 'raised', 'a new episode');
    assert.equal(alertTransition({ status: 'open' }, { status: 'open' }), null, 'a confirmation');
    assert.equal(alertTransition({ status: 'open' }, { status: 'resolved' }), 'resolved');
    assert.equal(alertTransition(undefined, { status: 'pending' }), null, 'not yet for long enough');
    assert.equal(alertTransition({ status: 'pending' }, undefined), null, 'cleared before it counted');
  });

  it('pages for the system\'s health, not for every SKU running low', () => {
    for (const k of ['sync_lag', 'wms_failure_rate', 'sync_stale', 'discrepancy_rate', 'shortfall', 'stale_product']) assert.ok(PAGED_KINDS.has(k), k);
    for (const k of ['low_stock', 'out_of_stock']) assert.ok(!PAGED_KINDS.has(k), k);
  });

  it('keys deliveries by alert, episode and transition', () => {
    const raisedAt = Timestamp.fromMillis(1_700_000_000_000);
    assert.equal(episodeKey('sync-lag-wms', 'raised', { raisedAt }), 'sync-lag-wms:1700000000000:raised');
    assert.notEqual(episodeKey('a', 'raised', { raisedAt }), episodeKey('a', 'raised', { raisedAt: Timestamp.fromMillis(1) }));
  });

  it('writes a Slack-compatible body: a one-line text, and the alert for other receivers', () => {
    const m = alertMessage('sync-lag-wms', 'raised', { kind: 'sync_lag', connectorId: 'wms', lagMs: 700_000, status: 'open', raisedAt: Timestamp.fromMillis(0) }, 'demo-x');
    assert.match(m.text, /^:rotating_light: \[demo-x\] sync_lag raised: sync-lag-wms \(connectorId=wms lagMs=700000\)$/);
    assert.deepEqual([m.alert.id, m.alert.transition, m.alert.status, m.alert.raisedAt], ['sync-lag-wms', 'raised', 'open', '1970-01-01T00:00:00.000Z']);
  });
});
