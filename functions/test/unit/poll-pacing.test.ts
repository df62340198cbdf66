import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextWait } from '../../src/sync/poll-loop';

const synced = (applyMs = 0) => ({ outcome: 'synced' as const, metrics: { applyMs } as never });

describe('poll pacing', () => {
  it('lag pacing reads an idle feed once per interval and sooner as cycles get long', () => {
    const o = { intervalMs: 5000 };
    assert.equal(nextWait(o, 0, 50, synced()), 4900);
    assert.equal(nextWait(o, 0, 1300, synced(1200)), 2400);
    assert.equal(nextWait(o, 0, 2500, synced(2400)), 0);
    assert.equal(nextWait(o, 0, 9000, synced(8800)), 0);
  });

  it('lag pacing bounds the wait from a change to its write by about one interval (or two cycles when cycles are longer)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 60_000 }), fc.integer({ min: 0, max: 120_000 }), (intervalMs, cycleMs) => {
        // A change just after a read waits out this cycle, the pause, and the next cycle of about the same length.
        const worst = cycleMs + nextWait({ intervalMs }, 0, cycleMs, synced(cycleMs)) + cycleMs;
        assert.ok(worst <= Math.max(intervalMs, 2 * cycleMs), `${worst} for interval ${intervalMs}, cycle ${cycleMs}`);
        // …and never reads more often than needed for that: an idle feed is read once per interval.
        if (2 * cycleMs < intervalMs) assert.equal(worst, intervalMs);
      }),
    );
  });

  it('a failing cycle is followed one interval after it started, however long it took', () => {
    assert.equal(nextWait({ intervalMs: 5000 }, 0, 3000, { outcome: 'failed' }), 2000);
    assert.equal(nextWait({ intervalMs: 5000 }, 0, 7000, { outcome: 'failed' }), 0);
    assert.equal(nextWait({ intervalMs: 5000 }, 0, 10, { outcome: 'circuit_open' }), 4990);
  });

  it('interval pacing reads once per interval, and at once after a cycle that wrote for over busyAfterMs', () => {
    const o = { intervalMs: 5000, pacing: 'interval' as const };
    assert.equal(nextWait(o, 0, 600, synced(500)), 4400);
    assert.equal(nextWait(o, 0, 1600, synced(1500)), 0);
    assert.equal(nextWait({ ...o, busyAfterMs: 2000 }, 0, 1600, synced(1500)), 3400);
  });
});
