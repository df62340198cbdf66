/** The sync panel: public freshness (live) and the private side (raw error, breaker) through the operator API. */
import { api, el } from '../firebase';
import { watchFreshness } from '../freshness';

export function mountSync(): () => void {
  const stopFreshness = watchFreshness((f) => {
    const d = f.data as { lagMs?: number; consecutiveFailures?: number };
    document.getElementById('stale-banner')!.classList.toggle('hidden', !f.stale);
    const ago = f.ageMs === null ? 'never' : `${f.lastSuccessAt!.toLocaleTimeString()} (${Math.round(f.ageMs / 1000)} s ago)`;
    document.getElementById('sync')!.replaceChildren(
      el('div', { 'data-testid': 'sync-state' }, `state: ${f.stale && f.state === 'ok' ? 'stalled' : f.state} · stale: ${f.stale ? 'yes' : 'no'}`),
      el('div', {}, `last success: ${ago} · lag: ${d.lagMs ?? 0} ms · failures: ${d.consecutiveFailures ?? 0}`),
    );
  });
  const stopHealth = watchHealth();
  return () => {
    stopFreshness();
    stopHealth();
  };
}

/** The sync's private side (raw error, breaker), read through the operator-only API every few seconds. */
function watchHealth(): () => void {
  let stopped = false;
  const tick = async () => {
    try {
      const r = await api('/v1/sync/health');
      if (!r.ok || stopped) return;
      const h = (await r.json()) as {
        health: { lastError?: string | null; schemaVersion?: number; contractError?: { version?: string } | null };
        state: { breaker?: { state?: string }; paused?: boolean; rolloutPercent?: number };
      };
      const breaker = h.state.breaker?.state ?? 'closed';
      const contract = h.health.contractError ? `WMS schema v${h.health.contractError.version ?? '?'}: not spoken` : `WMS schema v${h.health.schemaVersion ?? 1}`;
      document.getElementById('sync-detail')!.replaceChildren(
        el('div', { 'data-testid': 'sync-breaker' }, `breaker: ${breaker} · rollout: ${h.state.rolloutPercent ?? 100}%${h.state.paused ? ' · paused' : ''}`),
        el('div', { 'data-testid': 'sync-contract' }, contract),
        el('div', { class: 'error', 'data-testid': 'sync-error' }, h.health.lastError ?? ''),
      );
    } catch {
      // The next tick tries again; the public status above still shows freshness.
    }
  };
  void tick();
  const t = setInterval(() => void tick(), 5000);
  return () => {
    stopped = true;
    clearInterval(t);
  };
}

