/** The operator dashboard's event bus panel: per subscription its backlog, oldest unacknowledged age and dead letters (GET /v1/bus/health), every 5 s. */
import { api, el } from '../firebase';

interface BusRow { subscription: string; topic: string; backlog: number; oldestUnackedAgeSeconds: number; deadLettered: number; lastDeadLetterAt: string | null; acked: number; published: number }

export function mountBus(): () => void {
  let stopped = false;
  const tick = async () => {
    const r = await api('/v1/bus/health').catch(() => null);
    if (!r?.ok || stopped) return;
    const { subscriptions } = (await r.json()) as { subscriptions: BusRow[] };
    document.getElementById('bus')!.replaceChildren(
      el('tr', {}, ...['subscription', 'backlog', 'oldest unacked', 'dead letters', 'handled / published'].map((h) => el('th', {}, h))),
      ...subscriptions.map((s) =>
        el('tr', { 'data-subscription': s.subscription },
          el('td', {}, `${s.subscription} (${s.topic})`),
          el('td', { 'data-testid': 'bus-backlog' }, String(s.backlog)),
          el('td', { 'data-testid': 'bus-age', class: s.oldestUnackedAgeSeconds > 60 ? 'error' : '' }, `${s.oldestUnackedAgeSeconds} s`),
          el('td', { 'data-testid': 'bus-dead', class: s.deadLettered ? 'error' : '' }, s.deadLettered ? `${s.deadLettered} (last ${new Date(s.lastDeadLetterAt ?? 0).toLocaleTimeString()})` : '0'),
          el('td', {}, `${s.acked} / ${s.published}`),
        ),
      ),
    );
  };
  void tick();
  const t = setInterval(() => void tick(), 5000);
  return () => {
    stopped = true;
    clearInterval(t);
  };
}
