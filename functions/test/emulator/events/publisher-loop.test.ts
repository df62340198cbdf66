import assert from 'node:assert/strict';
import { PROJECT_ID } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { runPublisherShift } from '../../../src/events/publisher-loop';
import { eventsWorld } from './events-world';
import { PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';

describe('events/publisher-loop (emulator)', function () {
  this.timeout(60_000);
  const w = eventsWorld();
  const { received, until, apply } = w;
  const db = w.db;
  let publisher: PubSubEventPublisher;
  before(() => void (publisher = w.publisher));

  it('publishes a commit at once while the publisher holds the lease: the outbox listener wakes it, the interval is only the fallback', async () => {
    await seedStock(db, { W: 5 });
    const shift = runPublisherShift(db, publisher, PROJECT_ID, { owner: 'doorbell-test', holdMs: 60_000, lifeMs: 7_000, intervalMs: 5_000, leaseTtlMs: 3_000 });
    // Let the first unit run (it finds nothing) so the next regular one is 5 s away.
    await new Promise((r) => setTimeout(r, 1_500));
    const committed = Date.now();
    await apply('W', 'wh-01', 0, 2);
    await until(2, 4_000);
    const lag = Date.now() - committed;
    assert.deepEqual(received.map((e) => e.type).sort(), ['inventory.out_of_stock', 'inventory.synced']);
    assert.ok(lag < 1_500, `published ${lag} ms after the commit (the fallback interval is 5,000 ms)`);
    const r = await shift;
    assert.equal(r.role, 'holder');
    assert.ok(r.published >= 2);
  });
});
