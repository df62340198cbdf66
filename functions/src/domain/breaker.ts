/**
 * A circuit breaker as a value: closed -> open after `threshold` consecutive failures, half-open
 * after `cooldownMs` (one trial), closed again on a success. The sync's poller uses a cooldown of
 * one poll interval and no growth: while the WMS is down it probes once per interval (one request,
 * no retries), so the first poll after the WMS comes back succeeds within one interval.
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
  /** Each reopening multiplies the cooldown by 2, up to this factor (default 8; 1 keeps it fixed). */
  maxFactor?: number;
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
    const factor = Math.min(p.maxFactor ?? 8, 2 ** Math.max(0, failures - p.threshold));
    return { state: 'open', failures, openUntil: now + p.cooldownMs * factor };
  }
  return { state: 'closed', failures, openUntil: null };
}
