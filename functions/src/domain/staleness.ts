/**
 * Staleness is derived from time wherever it is read: the status document says when the last
 * cycle succeeded and after how long that counts as stale, and each reader (storefront, dashboard,
 * callables, read API, watchdog) compares that with its own clock. A stored flag can only say what
 * its writer last saw, and a poller that is not running writes nothing.
 *
 * Pure and dependency-free: the web app imports this file too.
 */

export interface FreshnessInput {
  /** Epoch millis of the last successful cycle, or null if none ever succeeded. */
  lastSuccessAt: number | null;
  /** From the status document; readers fall back to the default when an old document lacks it. */
  staleAfterSeconds?: number | null;
}

export interface Freshness {
  stale: boolean;
  /** Millis since the last success (null: never synced). */
  ageMs: number | null;
  /** When it turns (or turned) stale; null when it never synced (stale now). */
  staleAt: number | null;
}

export const DEFAULT_STALE_AFTER_SECONDS = 30;

export function freshness(s: FreshnessInput, now: number): Freshness {
  const after = (s.staleAfterSeconds && s.staleAfterSeconds > 0 ? s.staleAfterSeconds : DEFAULT_STALE_AFTER_SECONDS) * 1000;
  if (s.lastSuccessAt === null) return { stale: true, ageMs: null, staleAt: null };
  const staleAt = s.lastSuccessAt + after;
  return { stale: now > staleAt, ageMs: Math.max(0, now - s.lastSuccessAt), staleAt };
}
