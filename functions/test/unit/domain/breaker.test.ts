import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CLOSED, canAttempt, onFailure, onSuccess } from '../../../src/domain/breaker';

describe('domain/breaker', () => {
  const sync = { threshold: 3, cooldownMs: 5000, maxFactor: 1 };

  it('opens after the threshold, probes once per cooldown (half-open), closes on a success', () => {
    let b = CLOSED;
    b = onFailure(b, 0, sync);
    b = onFailure(b, 1, sync);
    assert.equal(b.state, 'closed');
    b = onFailure(b, 2, sync);
    assert.deepEqual(b, { state: 'open', failures: 3, openUntil: 5002 });
    assert.equal(canAttempt(b, 5001).allowed, false);
    const probe = canAttempt(b, 5002);
    assert.deepEqual([probe.allowed, probe.next.state], [true, 'half_open']);
    const again = onFailure(probe.next, 5002, sync);
    assert.deepEqual([again.state, again.openUntil], ['open', 10_002], 'a failed probe reopens for one cooldown, no growth');
    assert.deepEqual(onSuccess(again), CLOSED);
  });

  it('grows the cooldown by 2x per reopening up to maxFactor', () => {
    const p = { threshold: 1, cooldownMs: 100, maxFactor: 4 };
    let b = CLOSED;
    const cooldowns: number[] = [];
    for (let t = 0; t < 5; t++) {
      b = onFailure(canAttempt(b, 1e9).next, 0, p);
      cooldowns.push(b.openUntil!);
    }
    assert.deepEqual(cooldowns, [100, 200, 400, 400, 400]);
  });

  it('never allows an attempt while open and before openUntil (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), (outcomes, threshold) => {
        let b = CLOSED;
        let t = 0;
        for (const ok of outcomes) {
          t += 1000;
          const g = canAttempt(b, t);
          if (b.state === 'open' && b.openUntil !== null && t < b.openUntil) assert.equal(g.allowed, false);
          if (!g.allowed) continue;
          b = ok ? onSuccess(g.next) : onFailure(g.next, t, { threshold, cooldownMs: 2500, maxFactor: 1 });
        }
      }),
    );
  });
});
