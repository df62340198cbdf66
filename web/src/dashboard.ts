/**
 * Operator dashboard for a real catalogue: sync health, an alert inbox with acknowledge, approvals,
 * exports, the catalogue (search by SKU or name prefix, a location / vendor filter, cursor paging
 * over every SKU, live), and one SKU's positions, trail, reservations and fulfilments.
 */
import { collection, documentId, getDocs, limit, onSnapshot, orderBy, query, QueryConstraint, QueryDocumentSnapshot, startAfter, where, Timestamp, DocumentData } from 'firebase/firestore';
import { api, db, el } from './firebase';
import type { TrailItem } from '../../functions/src/ops/history';
import { histogramQuantile, sumTotals, Totals } from '../../functions/src/domain/metric-totals';
import { levels } from '../../functions/src/domain/stock';
import { mountAuth } from './auth-ui';
import { loadProductNames, productNames } from './products';
import { watchFreshness } from './freshness';
import { watchVendors } from './vendors-panel';

const age = (t?: Timestamp) => {
  if (!t) return '—';
  const min = Math.round((Date.now() - t.toMillis()) / 60_000);
  return min < 120 ? `${min} min` : min < 2880 ? `${Math.round(min / 60)} h` : `${Math.round(min / 1440)} d`;
};
let unsubs: (() => void)[] = [];

function row(cells: (string | Node)[], head = false): HTMLTableRowElement {
  return el('tr', {}, ...cells.map((c) => el(head ? 'th' : 'td', {}, c)));
}

/** The sync's private side (raw error, breaker), read through the operator-only API every few seconds. */
function watchHealth(): () => void {
  let stopped = false;
  const tick = async () => {
    try {
      const r = await api('/v1/sync/health');
      if (!r.ok || stopped) return;
      const h = (await r.json()) as { health: { lastError?: string | null; breaker?: { state?: string } }; state: { breaker?: { state?: string }; paused?: boolean; rolloutPercent?: number } };
      const breaker = h.state.breaker?.state ?? 'closed';
      document.getElementById('sync-detail')!.replaceChildren(
        el('div', { 'data-testid': 'sync-breaker' }, `breaker: ${breaker} · rollout: ${h.state.rolloutPercent ?? 100}%${h.state.paused ? ' · paused' : ''}`),
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

/**
 * The last hour, a point per minute, from the per-minute metrics documents (adapters/metrics.ts):
 * sync lag (p95 of stock_sync_latency_seconds, from its buckets), events handled per second, and
 * the last discrepancy rate.
 */
interface Minute extends Totals {
  minute: Timestamp;
}

function chart(id: string, title: string, unit: string, points: { t: number; v: number | null }[]): HTMLElement {
  const w = 320, h = 90, from = Date.now() - 3_600_000;
  const vals = points.filter((p) => p.v !== null) as { t: number; v: number }[];
  const max = Math.max(1e-9, ...vals.map((p) => p.v));
  const xy = vals.map((p) => `${(((p.t - from) / 3_600_000) * w).toFixed(1)},${(h - (p.v / max) * (h - 10)).toFixed(1)}`).join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('data-testid', id);
  svg.setAttribute('data-points', String(vals.length));
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', xy);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '2');
  svg.append(line);
  const last = vals[vals.length - 1];
  return el('figure', {}, svg, el('figcaption', {}, `${title}: ${last ? `${+last.v.toFixed(3)} ${unit}` : 'no data'} (max ${vals.length ? +max.toFixed(3) : 0})`));
}

function watchCharts(): () => void {
  return onSnapshot(query(collection(db, 'metrics'), where('minute', '>=', Timestamp.fromMillis(Date.now() - 3_600_000)), orderBy('minute')), (s) => {
    // A minute is several documents (its shards): summed as the metrics route sums the totals.
    const shards = new Map<number, { minute: Timestamp; docs: Totals[] }>();
    for (const d of s.docs) {
      const m = d.data() as Minute;
      const into = shards.get(m.minute.toMillis()) ?? { minute: m.minute, docs: [] };
      into.docs.push(m);
      shards.set(m.minute.toMillis(), into);
    }
    // In time order already: the query orders by minute.
    const minutes: Minute[] = [...shards.values()].map(({ minute, docs }) => ({ ...sumTotals(docs), minute }));
    const at = (m: Minute) => m.minute.toMillis();
    const sum = (c?: Record<string, number>) => Object.values(c ?? {}).reduce((n, v) => n + v, 0);
    document.getElementById('charts')!.replaceChildren(
      chart('chart-lag', 'sync lag p95', 's', minutes.map((m) => ({ t: at(m), v: histogramQuantile(m, 'stock_sync_latency_seconds', 0.95) }))),
      chart('chart-events', 'events handled', '/s', minutes.map((m) => ({ t: at(m), v: sum(m.counters?.stock_events_processed_total) / 60 }))),
      chart('chart-discrepancy', 'discrepancy rate', '', minutes.map((m) => ({ t: at(m), v: m.gauges?.stock_discrepancy_rate ? Math.max(...Object.values(m.gauges.stock_discrepancy_rate)) : null }))),
    );
  });
}

/** The catalogue: a page of SKUs at a time (live), by SKU or name prefix, optionally at one location. */
const PAGE = 50;
let pageStarts: (QueryDocumentSnapshot | null)[] = [null];
let lastOfPage: QueryDocumentSnapshot | null = null;
let stopPage: () => void = () => undefined;
let filter = { q: '', by: 'sku' as 'sku' | 'name', location: '', vendor: '' };

function stopCatalogue(): void {
  stopPage();
  stopPage = () => undefined;
}

function renderStock(docs: DocumentData[], more: boolean): void {
  const page = pageStarts.length;
  document.getElementById('page-info')!.textContent = `page ${page} · ${docs.length} SKUs${more ? '' : ' · last page'}`;
  (document.getElementById('prev') as HTMLButtonElement).disabled = page === 1;
  (document.getElementById('next') as HTMLButtonElement).disabled = !more;
  document.getElementById('stock')!.replaceChildren(
    row(['sku', 'name', 'onHand', 'reserved', 'available', 'status', 'shortfall', 'locations', 'aging (since stock last went out)', 'last WMS confirmation'], true),
    ...docs.map((x) => {
      const aging = x.onHand > 0 ? (x.lastOutflowAt ? age(x.lastOutflowAt) : 'no outflow seen') : '—';
      const open = el('a', { href: '#sku', 'data-testid': `open-${x.sku}` }, x.sku);
      open.onclick = () => void showSku(x.sku);
      return el('tr', { 'data-sku': x.sku }, ...[open, productNames.get(x.sku) ?? '', String(x.onHand), String(x.reserved), String(x.available), el('span', { class: `status-${x.status}` }, x.status), String(levels(x.onHand, x.reserved, 0).shortfall), String((x.locationIds ?? Object.keys(x.locations ?? {})).length), el('span', { 'data-testid': `aging-${x.sku}` }, aging), age(x.syncedAt)].map((c) => el('td', {}, c)));
    }),
  );
}


function showPage(): void {
  stopCatalogue();
  const start = pageStarts[pageStarts.length - 1] ?? null;
  const loc = [...(filter.location ? [where('locationIds', 'array-contains', filter.location)] : []), ...(filter.vendor ? [where('vendorId', '==', filter.vendor)] : [])];
  if (filter.by === 'name' && filter.q) {
    // By name: a page of products whose name starts with the text, then their stock, live.
    const c: QueryConstraint[] = [where('name', '>=', filter.q), where('name', '<', `${filter.q}\uf8ff`), orderBy('name'), ...(start ? [startAfter(start)] : []), limit(PAGE + 1)];
    void getDocs(query(collection(db, 'products'), ...c)).then((p) => {
      const docs = p.docs.slice(0, PAGE);
      lastOfPage = docs[docs.length - 1] ?? null;
      docs.forEach((d) => productNames.set(d.id, d.data().name as string));
      const skus = docs.map((d) => d.id);
      const byId = new Map<string, DocumentData>();
      const unsubs = [] as (() => void)[];
      for (let i = 0; i < skus.length; i += 30) {
        unsubs.push(onSnapshot(query(collection(db, 'inventory'), where(documentId(), 'in', skus.slice(i, i + 30)), ...loc), (s) => {
          s.docs.forEach((d) => byId.set(d.id, d.data()));
          renderStock(skus.flatMap((k) => (byId.has(k) ? [byId.get(k)!] : [])), p.docs.length > PAGE);
        }));
      }
      if (!skus.length) renderStock([], false);
      stopPage = () => unsubs.forEach((u) => u());
    });
    return;
  }
  const prefix = filter.q ? [where('sku', '>=', filter.q), where('sku', '<', `${filter.q}\uf8ff`)] : [];
  stopPage = onSnapshot(query(collection(db, 'inventory'), ...loc, ...prefix, orderBy('sku'), ...(start ? [startAfter(start)] : []), limit(PAGE + 1)), (s) => {
    const docs = s.docs.slice(0, PAGE);
    lastOfPage = docs[docs.length - 1] ?? null;
    void loadProductNames(docs.map((d) => d.id)).then(() => renderStock(docs.map((d) => d.data()), s.docs.length > PAGE));
  });
}

document.getElementById('catalogue-search')!.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target as HTMLFormElement);
  filter = { q: String(f.get('q') ?? '').trim(), by: f.get('by') === 'name' ? 'name' : 'sku', location: String(f.get('location') ?? '').trim(), vendor: String(f.get('vendor') ?? '').trim() };
  pageStarts = [null];
  showPage();
});
document.getElementById('next')!.addEventListener('click', () => {
  if (!lastOfPage) return;
  pageStarts.push(lastOfPage);
  showPage();
});
document.getElementById('prev')!.addEventListener('click', () => {
  if (pageStarts.length === 1) return;
  pageStarts.pop();
  showPage();
});

function start(): void {
  pageStarts = [null];
  showPage();
  unsubs.push(
    watchFreshness((f) => {
      const d = f.data as { lagMs?: number; consecutiveFailures?: number };
      document.getElementById('stale-banner')!.classList.toggle('hidden', !f.stale);
      const ago = f.ageMs === null ? 'never' : `${f.lastSuccessAt!.toLocaleTimeString()} (${Math.round(f.ageMs / 1000)} s ago)`;
      document.getElementById('sync')!.replaceChildren(
        el('div', { 'data-testid': 'sync-state' }, `state: ${f.stale && f.state === 'ok' ? 'stalled' : f.state} · stale: ${f.stale ? 'yes' : 'no'}`),
        el('div', {}, `last success: ${ago} · lag: ${d.lagMs ?? 0} ms · failures: ${d.consecutiveFailures ?? 0}`),
      );
    }),
    watchHealth(),
    watchVendors((vendorId) => {
      (document.querySelector('[data-testid=vendor-filter]') as HTMLInputElement).value = vendorId;
      filter = { ...filter, vendor: vendorId };
      pageStarts = [null];
      showPage();
    }),
    onSnapshot(query(collection(db, 'alerts'), where('status', '==', 'open'), orderBy('raisedAt', 'desc'), limit(50)), (s) => {
      document.getElementById('alerts')!.replaceChildren(
        row(['raised', 'kind', 'alert', 'detail', ''], true),
        ...s.docs.map((d) => {
          const a = d.data();
          const detail = JSON.stringify(Object.fromEntries(['sku', 'available', 'shortfall', 'rate', 'lagMs', 'failures', 'ageMs'].filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, a[k]])));
          let taken: Node;
          if (a.acknowledgedBy) taken = el('span', { 'data-testid': `acked-${d.id}` }, `taken by ${a.acknowledgedBy as string}`);
          else {
            const ack = el('button', { 'data-testid': `ack-${d.id}` }, 'Acknowledge');
            ack.onclick = async () => {
              const r = await api(`/v1/alerts/${encodeURIComponent(d.id)}/acknowledge`, { method: 'POST', body: '{}' });
              if (!r.ok) ack.replaceWith(el('span', { class: 'error' }, ((await r.json()) as { error: string }).error));
            };
            taken = ack;
          }
          return el('tr', { 'data-alert': d.id }, ...[age(a.raisedAt as Timestamp | undefined), a.kind as string, d.id, detail, taken].map((c) => el('td', {}, c)));
        }),
      );
    }),
    onSnapshot(query(collection(db, 'adjustments'), where('state', '==', 'pending_approval'), limit(50)), (s) => {
      document.getElementById('pending')!.replaceChildren(
        row(['sku', 'location', 'from → to', 'reason', 'by', ''], true),
        ...s.docs.map((d) => {
          const a = d.data();
          const approve = el('button', { 'data-testid': `approve-${d.id}` }, 'Approve');
          approve.onclick = async () => {
            const r = await api(`/v1/adjustments/${d.id}/approve`, { method: 'POST', body: '{}' });
            approve.replaceWith(el('span', { class: r.ok ? '' : 'error' }, r.ok ? 'approved' : ((await r.json()) as { error: string }).error));
          };
          return row([a.sku, a.locationId, `${a.from} → ${a.onHand}`, a.reasonCode, a.requestedBy, approve]);
        }),
      );
    }),
    () => stopCatalogue(),
    watchCharts(),
  );
}

document.getElementById('adjust')!.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target as HTMLFormElement);
  const r = await api(`/v1/inventory/${encodeURIComponent(String(f.get('sku')))}/reconcile`, {
    method: 'POST',
    body: JSON.stringify({ locationId: f.get('locationId'), onHand: Number(f.get('onHand')), reasonCode: f.get('reasonCode') }),
  });
  const body = (await r.json()) as { state?: string; error?: string };
  document.getElementById('adjust-result')!.textContent = body.state ?? body.error ?? '';
});

document.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((b) => {
  b.onclick = async () => {
    const r = await api(`/v1/exports/${b.dataset.export}.csv`);
    const url = URL.createObjectURL(await r.blob());
    el('a', { href: url, download: `${b.dataset.export}.csv` }).click();
  };
});

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
    row(['when', 'what', 'outcome', 'source', 'location', 'seq / batch', 'delta', 'available before → after'], true),
    ...items.map((i) =>
      el('tr', { 'data-outcome': i.outcome }, ...[
        new Date(i.at).toLocaleString(), i.kind, i.outcome, i.source ?? '', i.locationId ?? '',
        [i.seq ?? '', i.batchId ?? ''].filter((x) => x !== '').join(' / '),
        i.delta === undefined ? '' : String(i.delta),
        i.before && i.after ? `${i.before.available} → ${i.after.available}` : i.kind === 'sync.change' ? (i.deleted ? 'location deleted' : `count ${i.count}`) : (i.reason ?? ''),
      ].map((c) => el('td', {}, c))),
    ),
  );
}

document.getElementById('sku-lookup')!.addEventListener('submit', (ev) => {
  ev.preventDefault();
  void showSku(String(new FormData(ev.target as HTMLFormElement).get('sku')).trim());
});

mountAuth((user, admin) => {
  unsubs.forEach((u) => u());
  unsubs = [];
  if (user && admin) start();
  else if (user) document.getElementById('sync')!.textContent = 'Operators only: this account has no admin claim.';
});
