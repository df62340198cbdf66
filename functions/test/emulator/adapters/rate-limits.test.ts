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

  it('concurrent requests are all counted (none lost to a race)', async () => {
    const limiter = new FixedWindowLimiter(db, 100);
    const now = Date.now();
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => limiter.take('busy', now)));
    assert.deepEqual(verdicts.map((v) => v.count).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
