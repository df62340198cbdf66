import assert from 'node:assert/strict';
import { failureRateExceeded, recordAttempt } from '../../../src/domain/health';

describe('domain/health', () => {
  it('counts attempts and failures in a rolling window', () => {
    let w = recordAttempt(undefined, 0, false);
    for (let i = 1; i < 30; i++) w = recordAttempt(w, i * 1000, false);
    assert.deepEqual(w, { start: 0, attempts: 30, failures: 0 });
    assert.equal(failureRateExceeded(w), false);
    w = recordAttempt(w, 31_000, true);
    assert.equal(failureRateExceeded(w), true, '1 of 31 is over 1%');
    assert.deepEqual(recordAttempt(w, 16 * 60_000, false), { start: 16 * 60_000, attempts: 1, failures: 0 }, 'a new window');
    assert.equal(failureRateExceeded({ start: 0, attempts: 5, failures: 5 }), false, 'too few attempts to judge');
  });
});
