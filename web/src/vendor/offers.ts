/**
 * The vendor's offers, live, a page at a time (usable with thousands): available, reserved, sold
 * in the last 7 days, last update and aging (days since the last sale or count). Search by code prefix.
 */
import { collection, documentId, getDocs, limit, onSnapshot, orderBy, query, QueryConstraint, startAfter, where, DocumentData, Timestamp } from 'firebase/firestore';
import { db, el } from '../firebase';
import { loadProductNames, productNames } from '../products';
import { download, row, since } from '../ui';
import { logEntryData } from '../../../functions/src/domain/events';


const PAGE = 50;
const WEEK_MS = 7 * 86_400_000;

/** Units sold per offer over the last 7 days, from the vendor's own audit entries (inventory.committed). */
async function soldLastWeek(vendorId: string): Promise<Map<string, number>> {
  const q = query(collection(db, 'inventoryEvents'), where('vendorId', '==', vendorId), where('type', '==', 'inventory.committed'), where('createdAt', '>=', Timestamp.fromMillis(Date.now() - WEEK_MS)), limit(5000));
  const sold = new Map<string, number>();
  for (const d of (await getDocs(q)).docs) sold.set(d.data().sku as string, (sold.get(d.data().sku as string) ?? 0) + Math.abs(Number(logEntryData(d.data()).delta) || 0));
  return sold;
}

export function mountOffers(vendorId: string): () => void {
  const table = document.getElementById('offers')!;
  const info = document.getElementById('offers-page')!;
  const prev = document.getElementById('offers-prev') as HTMLButtonElement;
  const next = document.getElementById('offers-next') as HTMLButtonElement;
  let prefix = '';
  let starts: (string | null)[] = [null];
  let lastId: string | null = null;
  let unsub: (() => void) | null = null;
  let sold = new Map<string, number>();
  let docs: DocumentData[] = [];

  const render = () => {
    table.replaceChildren(
      row(['code', 'product', 'condition', 'language', 'price', 'available', 'reserved', 'sold 7 d', 'status', 'last update', 'aging'], true),
      ...docs.map((d) => {
        const lastMove = Math.max((d.lastOutflowAt as Timestamp | null)?.toMillis() ?? 0, (d.syncedAt as Timestamp | null)?.toMillis() ?? 0);
        const price = d.price ? `${(d.price.amount / 100).toFixed(2)} ${d.price.currency}` : '';
        const flags = [d.foil ? 'foil' : '', d.signed ? 'signed' : ''].filter(Boolean).join(', ');
        return row([
          String(d.vendorSku ?? d.sku), productNames.get(d.productId) ?? String(d.productId ?? ''), String(d.condition ?? ''), `${d.language ?? ''}${flags ? ` (${flags})` : ''}`, price,
          el('span', { 'data-testid': 'offer-available' }, String(d.available)), String(d.reserved), el('span', { 'data-testid': 'offer-sold' }, String(sold.get(d.sku) ?? 0)),
          el('span', { class: `status-${d.status}` }, d.halt ? `not selling (${String(d.halt).replace(/_/g, ' ')})` : String(d.status).replace(/_/g, ' ')),
          since((d.updatedAt as Timestamp | undefined)?.toMillis()), since(lastMove || null),
        ], false, { 'data-offer': String(d.sku) });
      }),
    );
  };

  const show = () => {
    unsub?.();
    const start = starts[starts.length - 1] ?? null;
    const lower = `${vendorId}~${prefix}`;
    const c: QueryConstraint[] = [where('vendorId', '==', vendorId), where(documentId(), '>=', lower), where(documentId(), '<', `${lower}\uf8ff`), orderBy(documentId())];
    if (start) c.push(startAfter(start));
    c.push(limit(PAGE + 1));
    unsub = onSnapshot(query(collection(db, 'inventory'), ...c), (s) => {
      const page = s.docs.slice(0, PAGE);
      docs = page.map((d) => d.data());
      lastId = page.length ? page[page.length - 1]!.id : null;
      next.disabled = s.docs.length <= PAGE;
      prev.disabled = starts.length <= 1;
      info.textContent = `page ${starts.length} · ${docs.length} offers`;
      void loadProductNames(docs.map((d) => String(d.productId ?? '')).filter(Boolean)).then(render);
      render();
    });
  };

  next.onclick = () => {
    if (lastId) starts.push(lastId);
    show();
  };
  prev.onclick = () => {
    if (starts.length > 1) starts.pop();
    show();
  };
  document.getElementById('offer-search')!.onsubmit = (ev) => {
    ev.preventDefault();
    prefix = String(new FormData(ev.target as HTMLFormElement).get('q') ?? '').trim();
    starts = [null];
    show();
  };
  document.getElementById('export')!.onclick = () => void download('/v1/vendor/offers.csv', `${vendorId}-offers.csv`);
  const refreshSold = () => void soldLastWeek(vendorId).then((m) => {
    sold = m;
    render();
  }).catch(() => undefined);
  refreshSold();
  const t = setInterval(refreshSold, 60_000);
  show();
  return () => {
    unsub?.();
    clearInterval(t);
  };
}
