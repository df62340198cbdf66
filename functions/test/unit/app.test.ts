import assert from 'node:assert/strict';
import { apiServices, config, invocationOwner, instanceId } from '../../src/app';

describe('app (the composition root)', () => {
  it('hands the API one getter per service, each building its singleton once', () => {
    assert.deepEqual(Object.keys(apiServices).sort(), ['config', 'db', 'drops', 'enqueueReconciliation', 'ingest', 'payments', 'pushAuth', 'vendorKeys', 'vendors']);
    assert.equal(apiServices.db(), apiServices.db());
  });

  it('an owner per invocation, within one instance', () => {
    const a = invocationOwner();
    assert.notEqual(a, invocationOwner());
    assert.ok(a.startsWith(`${instanceId}/`));
  });

  it('config() only reads: a bad param fails the read, and nothing is started', () => {
    const saved = process.env.SYNC_INTERVAL_SECONDS;
    process.env.SYNC_INTERVAL_SECONDS = '0';
    try {
      assert.throws(() => config(), /syncIntervalSeconds/);
    } finally {
      if (saved === undefined) delete process.env.SYNC_INTERVAL_SECONDS;
      else process.env.SYNC_INTERVAL_SECONDS = saved;
    }
  });
});
