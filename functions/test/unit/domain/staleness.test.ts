import assert from 'node:assert/strict';
import { freshness } from '../../../src/domain/staleness';
import { CLOSED, canAttempt, onFailure } from '../../../src/domain/breaker';

describe('domain/staleness', () => {
  it('is derived from the last success and the reader clock', () => {
    assert.deepEqual(freshness({ lastSuccessAt: 1000, staleAfterSeconds: 30 }, 31_000), { stale: false, ageMs: 30_000, staleAt: 31_000 });
    assert.equal(freshness({ lastSuccessAt: 1000, staleAfterSeconds: 30 }, 31_001).stale, true);
    assert.equal(freshness({ lastSuccessAt: null, staleAfterSeconds: 30 }, 0).stale, true, 'never synced is stale');
    assert.equal(freshness({ lastSuccessAt: 0 }, 30_001).stale, true, 'an old document without the setting uses the default 30 s');
  });
});

describe('domain/breaker at the poll pace', () => {
  it('with maxFactor 1 the circuit half-opens every cooldown, however long the outage', () => {
    const p = { threshold: 3, cooldownMs: 5000, maxFactor: 1 };
    let b = CLOSED;
    let t = 0;
    for (let i = 0; i < 10; i++) {
      const g = canAttempt(b, t);
      if (g.allowed) b = onFailure(g.next, t, p);
      t += 5000;
    }
    assert.equal(b.state, 'open');
    assert.equal(b.openUntil! - (t - 5000), 5000, 'the next probe is one interval after the last');
    assert.equal(canAttempt(b, t).next.state, 'half_open');
  });
});
