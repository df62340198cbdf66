/** Operator dashboard: live stock with reserved and aging, sync health, alerts, approvals, exports. */
import { collection, limit, onSnapshot, orderBy, query, where, Timestamp } from 'firebase/firestore';
import { api, db, el } from './firebase';
import { mountAuth } from './auth-ui';
import { watchFreshness } from './freshness';

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

function start(): void {
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
    onSnapshot(query(collection(db, 'alerts'), where('status', '==', 'open'), limit(50)), (s) => {
      document.getElementById('alerts')!.replaceChildren(row(['kind', 'sku', 'detail'], true), ...s.docs.map((d) => row([d.data().kind, d.data().sku ?? '', JSON.stringify({ available: d.data().available, shortfall: d.data().shortfall, rate: d.data().rate })])));
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
    onSnapshot(query(collection(db, 'inventory'), orderBy('sku'), limit(40)), (s) => {
      document.getElementById('stock')!.replaceChildren(
        row(['sku', 'onHand', 'reserved', 'available', 'status', 'shortfall', 'aging (since stock last went out)', 'last WMS confirmation'], true),
        ...s.docs.map((d) => {
          const x = d.data();
          const aging = x.onHand > 0 ? (x.lastOutflowAt ? age(x.lastOutflowAt) : 'no outflow seen') : '—';
          return row([x.sku, String(x.onHand), String(x.reserved), String(x.available), el('span', { class: `status-${x.status}` }, x.status), String(Math.max(0, x.reserved - x.onHand)), el('span', { 'data-testid': `aging-${x.sku}` }, aging), age(x.syncedAt)]);
        }),
      );
    }),
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
interface TrailItem {
  at: string;
  kind: string;
  count?: number;
  deleted?: boolean;
  outcome: 'applied' | 'duplicate' | 'stale' | 'rejected';
  source?: string;
  locationId?: string;
  seq?: number;
  batchId?: string;
  delta?: number;
  before?: { available: number; onHand: number };
  after?: { available: number; onHand: number };
  reason?: string;
}

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
