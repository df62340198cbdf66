/** Rolling failure-rate window of the sync, for the "WMS failures over 1%" alert. */
export interface HealthWindow {
  start: number;
  attempts: number;
  failures: number;
}

export function recordAttempt(prev: HealthWindow | undefined, now: number, failed: boolean, windowMs = 15 * 60_000): HealthWindow {
  const w = prev && now - prev.start < windowMs ? prev : { start: now, attempts: 0, failures: 0 };
  return { start: w.start, attempts: w.attempts + 1, failures: w.failures + (failed ? 1 : 0) };
}

/** True when the window has enough attempts to judge and more than `maxRate` of them failed. */
export function failureRateExceeded(w: HealthWindow, maxRate = 0.01, minAttempts = 20): boolean {
  return w.attempts >= minAttempts && w.failures / w.attempts > maxRate;
}

export const LAG_ALERT_MS = 5 * 60_000;
