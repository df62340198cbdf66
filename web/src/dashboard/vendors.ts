/** The operator dashboard's vendor list: status and feed health (on time, late, never), refreshed every 30 s. */
import { api, el } from '../firebase';

interface VendorRow { vendorId: string; name: string; status: string; feedCadenceMinutes: number; feed: { state: string; minutesSinceFeed: number | null } }

export function watchVendors(onPick: (vendorId: string) => void): () => void {
  let stopped = false;
  const tick = async () => {
    const r = await api('/v1/vendors').catch(() => null);
    if (!r?.ok || stopped) return;
    const { items } = (await r.json()) as { items: VendorRow[] };
    const table = document.getElementById('vendors')!;
    table.replaceChildren(
      el('tr', {}, ...['vendor', 'status', 'feed', 'last feed', 'declared cadence'].map((h) => el('th', {}, h))),
      ...items.map((v) => {
        const pick = el('a', { href: '#stock', 'data-testid': `vendor-${v.vendorId}` }, `${v.name} (${v.vendorId})`);
        pick.onclick = () => onPick(v.vendorId);
        return el('tr', { 'data-vendor': v.vendorId },
          el('td', {}, pick), el('td', {}, v.status), el('td', { class: v.feed.state === 'late' ? 'error' : '', 'data-testid': 'feed-health' }, v.feed.state.replace('_', ' ')),
          el('td', {}, v.feed.minutesSinceFeed === null ? 'never' : `${v.feed.minutesSinceFeed} min ago`), el('td', {}, `every ${v.feedCadenceMinutes} min`));
      }),
    );
  };
  void tick();
  const t = setInterval(() => void tick(), 30_000);
  return () => {
    stopped = true;
    clearInterval(t);
  };
}
