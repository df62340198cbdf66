/** One SKU as an operator sees it: positions, reservations, fulfilments and its trail. Follows the store's `sku`. */
import { openTrace } from './trace';
import { collection, getDocs, limit, orderBy, query, where, Timestamp } from 'firebase/firestore';
import type { TrailItem } from '../../../functions/src/ops/history';
import { api, db, el } from '../firebase';
import { row } from '../ui';
import { DashboardStore } from './store';

interface Position { onHand: number; wmsOnHand: number; seq: number; syncedAt: string | null; pendingSales: { id: string; quantity: number }[] }

/** One SKU as an operator sees it: per location (with the WMS's own count and pending sales), and its trail. */
async function showSku(sku: string): Promise<void> {
  const err = document.getElementById('sku-error')!;
  err.textContent = '';
  const [d, h] = await Promise.all([api(`/v1/inventory/${encodeURIComponent(sku)}/detail`), api(`/v1/inventory/${encodeURIComponent(sku)}/history?limit=100`)]);
  if (!d.ok) {
    err.textContent = ((await d.json()) as { error: string }).error;
    return;
  }
  const detail = (await d.json()) as { sku: string; onHand: number; reserved: number; available: number; status: string; shortfall: number; locations: Record<string, Position> };
  document.getElementById('sku-detail')!.replaceChildren(
    el('div', { 'data-testid': 'sku-summary' }, `${detail.sku}: onHand ${detail.onHand} · reserved ${detail.reserved} · available ${detail.available} · ${detail.status}${detail.shortfall ? ` · shortfall ${detail.shortfall}` : ''}`),
  );
  document.getElementById('sku-positions')!.replaceChildren(
    row(['location', 'onHand', 'WMS count', 'seq', 'last synced', 'pending sales'], true),
    ...Object.entries(detail.locations)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([loc, p]) => row([loc, String(p.onHand), String(p.wmsOnHand), String(p.seq), p.syncedAt ? new Date(p.syncedAt).toLocaleString() : '—', p.pendingSales.length ? p.pendingSales.map((s) => `${s.quantity} (${s.id})`).join(', ') : '—'])),
  );
  const [res, ful] = await Promise.all([
    getDocs(query(collection(db, 'reservations'), where('skus', 'array-contains', sku), orderBy('createdAt', 'desc'), limit(20))),
    getDocs(query(collection(db, 'fulfillments'), where('skus', 'array-contains', sku), orderBy('createdAt', 'desc'), limit(20))),
  ]);
  document.getElementById('sku-reservations')!.replaceChildren(
    row(['reservation', 'shopper', 'order (cart)', 'state', 'units', 'expires'], true),
    ...res.docs.map((d) => {
      const r = d.data();
      const units = (r.items as { sku: string; quantity: number }[]).filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0);
      return row([d.id, r.uid as string, r.cartId as string, r.state as string, String(units), r.expiresAt ? (r.expiresAt as Timestamp).toDate().toLocaleString() : '']);
    }),
  );
  document.getElementById('sku-fulfillments')!.replaceChildren(
    row(['sale', 'payment', 'units', 'from', 'WMS'], true),
    ...ful.docs.map((d) => {
      const f = d.data();
      const lines = (f.lines as { sku: string; quantity: number; allocations: { locationId: string; quantity: number }[] }[]).filter((l) => l.sku === sku);
      return row([d.id, f.paymentId as string, String(lines.reduce((n, l) => n + l.quantity, 0)), lines.flatMap((l) => l.allocations.map((a) => `${a.locationId} ×${a.quantity}`)).join(', '), f.wmsState as string]);
    }),
  );
  const items = h.ok ? ((await h.json()) as { items: TrailItem[] }).items : [];
  document.getElementById('sku-history')!.replaceChildren(
    row(['when', 'what', 'outcome', 'source', 'location', 'seq / batch', 'delta', 'available before → after', 'trace'], true),
    ...items.map((i) =>
      el('tr', { 'data-outcome': i.outcome }, ...[
        new Date(i.at).toLocaleString(), i.kind, i.outcome, i.source ?? '', i.locationId ?? '',
        [i.seq ?? '', i.batchId ?? ''].filter((x) => x !== '').join(' / '),
        i.delta === undefined ? '' : String(i.delta),
        i.before && i.after ? `${i.before.available} → ${i.after.available}` : i.kind === 'sync.change' ? (i.deleted ? 'location deleted' : `count ${i.count}`) : (i.reason ?? ''),
      ].map((c) => el('td', {}, c)), el('td', {}, i.traceId ? traceLink(i.traceId) : '')),
    ),
  );
}

/** A trail entry's trace: opens the waterfall. */
function traceLink(traceId: string): HTMLElement {
  const a = el('a', { href: '#trace', 'data-testid': 'trail-trace', 'data-trace': traceId }, 'waterfall');
  a.onclick = () => void openTrace(traceId);
  return a;
}

export function mountSku(store: DashboardStore): () => void {
  const form = document.getElementById('sku-lookup') as HTMLFormElement;
  const onLookup = (ev: Event) => {
    ev.preventDefault();
    store.set({ sku: String(new FormData(form).get('sku')).trim() });
  };
  form.addEventListener('submit', onLookup);
  let shown: string | null = null;
  const unsubscribe = store.subscribe((s) => {
    // A lookup of the same SKU again refreshes it (set() always notifies).
    if (s.sku === null) return;
    shown = s.sku;
    void showSku(shown);
  });
  return () => {
    unsubscribe();
    form.removeEventListener('submit', onLookup);
  };
}
