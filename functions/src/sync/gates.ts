/**
 * The gates a cycle passes before it reads the WMS: the Remote Config flag, an operator's pause,
 * and the circuit breaker (open: skip; half-open: one probe request).
 */
import { BreakerState, canAttempt } from '../domain/breaker';
import { FeatureFlags } from '../adapters/feature-flags';
import { FEATURE_SYNC_ENABLED } from '../config';
import { SyncState } from './sync-state';

export type Gate =
  | { open: true; breaker: BreakerState; probe: boolean }
  | { open: false; outcome: 'disabled' | 'paused' | 'circuit_open'; reason: string; status: Record<string, unknown> };

export async function passGates(flags: FeatureFlags, st: SyncState, now: number): Promise<Gate> {
  if (!(await flags.isEnabled(FEATURE_SYNC_ENABLED))) return { open: false, outcome: 'disabled', reason: 'disabled by feature flag', status: { state: 'disabled', lastError: null } };
  if (st.paused) return { open: false, outcome: 'paused', reason: 'paused by an operator', status: { state: 'paused' } };
  const gate = canAttempt(st.breaker, now);
  if (!gate.allowed) return { open: false, outcome: 'circuit_open', reason: 'circuit open', status: { state: 'circuit_open', breaker: st.breaker } };
  // A half-open probe is one request without retries: the WMS just failed, and the next probe is
  // only one interval away.
  return { open: true, breaker: gate.next, probe: gate.next.state === 'half_open' };
}
