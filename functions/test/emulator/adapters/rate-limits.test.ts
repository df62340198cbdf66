import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { FixedWindowLimiter } from '../../../src/adapters/rate-limits';

describe('adapters/rate-limits (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('counts per key in fixed windows, and says when to come back', async () => {
    const limiter = new FixedWindowLimiter(db, 2, 60_000);
    const t = 1_800_000_000_000; // a window boundary
    assert.deepEqual(await limiter.take('k', t + 1000), { ok: true, count: 1 });
    assert.deepEqual(await limiter.take('k', t + 2000), { ok: true, count: 2 });
    assert.deepEqual(await limiter.take('k', t + 15_000), { ok: false, count: 3, retryAfterSeconds: 45 });
    assert.deepEqual(await limiter.take('other', t + 15_000), { ok: true, count: 1 }, 'keys are apart');
    assert.deepEqual(await limiter.take('k', t + 60_000), { ok: true, count: 1 }, 'a new window');
  });

  it('concurrent requests are all counted (none lost to a race), without a lock to queue on', async () => {
    const limiter = new FixedWindowLimiter(db, 100);
    const now = Date.now();
    const t0 = Date.now();
    const verdicts = await Promise.all(Array.from({ length: 40 }, () => limiter.take('busy', now)));
    const ms = Date.now() - t0;
    const windowStart = Math.floor(now / 60_000) * 60_000;
    assert.equal((await db.doc(`rateLimits/busy@${windowStart}`).get()).data()!.count, 40, 'every request counted once');
    assert.ok(verdicts.every((v) => v.ok && v.count >= 1 && v.count <= 40));
    assert.equal(Math.max(...verdicts.map((v) => v.count)), 40);
    assert.ok(ms < 5_000, `40 concurrent takes on one key in ${ms} ms`);
  });

  it('near the limit, concurrent requests may be refused early but never let through beyond it', async () => {
    const limiter = new FixedWindowLimiter(db, 10);
    const now = Date.now();
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => limiter.take('edge', now)));
    assert.ok(verdicts.filter((v) => v.ok).length <= 10, 'at most the limit let through');
  });
});
