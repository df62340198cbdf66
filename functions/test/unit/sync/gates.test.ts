import assert from 'node:assert/strict';
import { passGates } from '../../../src/sync/gates';
import { CLOSED } from '../../../src/domain/breaker';
import { FEATURE_SYNC_ENABLED } from '../../../src/config';
import { SyncState } from '../../../src/sync/sync-state';

describe('sync/gates', () => {
  const flags = (on: boolean) => ({ isEnabled: async (f: string) => (f === FEATURE_SYNC_ENABLED ? on : false) });
  const state = (s: Partial<SyncState> = {}): SyncState => ({ cursor: null, breaker: CLOSED, paused: false, rolloutPercent: 100, rolledBack: [], ...s });
  const now = 1_800_000_000_000;

  it('the flag first, then an operator pause, then the breaker', async () => {
    assert.deepEqual(await passGates(flags(true), state(), now), { open: true, breaker: CLOSED, probe: false });
    const off = await passGates(flags(false), state({ paused: true }), now);
    assert.equal(!off.open && off.outcome, 'disabled');
    const paused = await passGates(flags(true), state({ paused: true }), now);
    assert.equal(!paused.open && paused.outcome, 'paused');
    const open = await passGates(flags(true), state({ breaker: { state: 'open', failures: 5, openUntil: now + 10_000 } }), now);
    assert.equal(!open.open && open.outcome, 'circuit_open');
  });

  it('once the breaker cools down, one probe goes through (half open)', async () => {
    const g = await passGates(flags(true), state({ breaker: { state: 'open', failures: 5, openUntil: now - 1 } }), now);
    assert.equal(g.open && g.probe, true);
    assert.equal(g.open && g.breaker.state, 'half_open');
  });
});
