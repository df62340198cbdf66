import assert from 'node:assert/strict';
import { ownsSku, rolloutBucket } from '../../../src/domain/rollout';

describe('domain/rollout', () => {
  it('is stable and spreads SKUs evenly', () => {
    assert.equal(rolloutBucket('SKU-00001'), rolloutBucket('SKU-00001'));
    const n = 10_000;
    let owned = 0;
    for (let i = 0; i < n; i++) if (ownsSku(`SKU-${String(i).padStart(5, '0')}`, 25)) owned++;
    assert.ok(Math.abs(owned / n - 0.25) < 0.03, `owned ${owned}`);
    assert.equal(ownsSku('x', 0), false);
    assert.equal(ownsSku('x', 100), true);
  });
});
