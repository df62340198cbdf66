/** The operator dashboard's SLO panel: each objective's budget left and its burn rate over the last hour (GET /v1/slos), every 15 s. */
import { api, el } from '../firebase';

interface SloRow { id: string; displayName: string; goal: number; good: number; total: number; sli: number | null; budgetLeft: number; burnRateLastHour: number | null }

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

export function mountSlos(): () => void {
  let stopped = false;
  const tick = async () => {
    const r = await api('/v1/slos').catch(() => null);
    if (!r?.ok || stopped) return;
    const { slos } = (await r.json()) as { slos: SloRow[] };
    document.getElementById('slos')!.replaceChildren(
      el('tr', {}, ...['objective', 'now', 'budget left', 'burn (1 h)'].map((h) => el('th', {}, h))),
      ...slos.map((s) =>
        el('tr', { 'data-slo': s.id },
          el('td', { title: `${s.good} good of ${s.total}` }, s.displayName),
          el('td', { 'data-testid': 'slo-sli' }, s.sli === null ? 'no events' : pct(s.sli, 2)),
          el('td', { 'data-testid': 'slo-budget', class: s.budgetLeft <= 0 ? 'error' : '' }, pct(Math.max(-9.99, s.budgetLeft))),
          el('td', { 'data-testid': 'slo-burn', class: (s.burnRateLastHour ?? 0) > 14.4 ? 'error' : '' }, s.burnRateLastHour === null ? '–' : `${s.burnRateLastHour.toFixed(1)}x`),
        ),
      ),
    );
  };
  void tick();
  const t = setInterval(() => void tick(), 15_000);
  return () => {
    stopped = true;
    clearInterval(t);
  };
}
