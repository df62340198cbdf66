/**
 * Days of cover and sales velocity (GET /v1/cover, or GET /v1/vendor/cover in the vendor panel):
 * the SKUs that sold in the last 28 days, sorted by cover (the ones to reorder first) or by
 * velocity (the fastest sellers first), every 30 s.
 */
import { api, el } from '../firebase';

interface CoverRow { sku: string; sellable: number; velocity7: number; velocity28: number; channels: Record<string, { velocity7: number; velocity28: number }>; cover: number | null; leadTimeDays: number; safetyDays: number; low: boolean }

const perDay = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

export function mountCover(o: { path: string; tableId: string; sortId: string }): () => void {
  let stopped = false;
  const sort = document.getElementById(o.sortId) as HTMLSelectElement;
  const tick = async () => {
    const r = await api(`${o.path}?sort=${sort.value}&limit=50`).catch(() => null);
    if (!r?.ok || stopped) return;
    const { items } = (await r.json()) as { items: CoverRow[] };
    document.getElementById(o.tableId)!.replaceChildren(
      el('tr', {}, ...['SKU', 'sellable', '/day (7 d)', '/day (28 d)', 'per channel (7 d)', 'days of cover', 'reorder at'].map((h) => el('th', {}, h))),
      ...items.map((c) =>
        el('tr', { 'data-testid': 'cover-row', 'data-sku': c.sku },
          el('td', {}, c.sku),
          el('td', {}, String(c.sellable)),
          el('td', { 'data-testid': 'cover-velocity' }, perDay(c.velocity7)),
          el('td', {}, perDay(c.velocity28)),
          el('td', { class: 'muted' }, Object.entries(c.channels).map(([ch, v]) => `${ch} ${perDay(v.velocity7)}`).join(', ')),
          el('td', { 'data-testid': 'cover-days', class: c.low ? 'error' : '' }, c.cover === null ? '–' : c.cover.toFixed(1)),
          el('td', { class: 'muted' }, `< ${c.leadTimeDays + c.safetyDays} d`),
        ),
      ),
    );
  };
  const onChange = () => void tick();
  sort.addEventListener('change', onChange);
  void tick();
  const t = setInterval(() => void tick(), 30_000);
  return () => {
    stopped = true;
    clearInterval(t);
    sort.removeEventListener('change', onChange);
  };
}
