/**
 * A circuit breaker as a value: closed -> open after `threshold` consecutive failures, half-open
 * after `cooldownMs` (one trial), closed again on a success.
 */
export interface BreakerState {
  state: 'closed' | 'open' | 'half_open';
  failures: number;
  openUntil: number | null;
}

export const CLOSED: BreakerState = { state: 'closed', failures: 0, openUntil: null };

export interface BreakerPolicy {
  threshold: number;
  cooldownMs: number;
}

export function canAttempt(b: BreakerState, now: number): { allowed: boolean; next: BreakerState } {
  if (b.state !== 'open') return { allowed: true, next: b };
  if (b.openUntil !== null && now >= b.openUntil) return { allowed: true, next: { ...b, state: 'half_open' } };
  return { allowed: false, next: b };
}

export function onSuccess(_b: BreakerState): BreakerState {
  return CLOSED;
}

export function onFailure(b: BreakerState, now: number, p: BreakerPolicy): BreakerState {
  const failures = b.failures + 1;
  if (b.state === 'half_open' || failures >= p.threshold) {
    // Each reopening doubles the cooldown, up to 8x, so a long outage is not hammered.
    const factor = Math.min(8, 2 ** Math.max(0, failures - p.threshold));
    return { state: 'open', failures, openUntil: now + p.cooldownMs * factor };
  }
  return { state: 'closed', failures, openUntil: null };
}
