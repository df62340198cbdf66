/** The catalogue: a page of SKUs at a time (live), by SKU or name prefix, at one location or of one vendor. */
import { collection, documentId, getDocs, limit, onSnapshot, orderBy, query, QueryConstraint, QueryDocumentSnapshot, startAfter, where, DocumentData, Timestamp } from 'firebase/firestore';
import { db, el } from '../firebase';
import { levels } from '../../../functions/src/domain/stock';
import { loadProductNames, productNames } from '../products';
import { row, since } from '../ui';
import { CatalogueFilter, DashboardStore } from './store';

const PAGE = 50;
const age = (t?: Timestamp) => since(t?.toMillis());

export function mountCatalogue(store: DashboardStore): () => void {
  let pageStarts: (QueryDocumentSnapshot | null)[] = [null];
  let lastOfPage: QueryDocumentSnapshot | null = null;
  let stopPage: () => void = () => undefined;
  let filter: CatalogueFilter | null = null;

  const stopCatalogue = () => {
    stopPage();
    stopPage = () => undefined;
  };

  const renderStock = (docs: DocumentData[], more: boolean) => {
    const page = pageStarts.length;
    document.getElementById('page-info')!.textContent = `page ${page} · ${docs.length} SKUs${more ? '' : ' · last page'}`;
    (document.getElementById('prev') as HTMLButtonElement).disabled = page === 1;
    (document.getElementById('next') as HTMLButtonElement).disabled = !more;
    document.getElementById('stock')!.replaceChildren(
      row(['sku', 'name', 'onHand', 'reserved', 'available', 'status', 'shortfall', 'locations', 'aging (since stock last went out)', 'last WMS confirmation'], true),
      ...docs.map((x) => {
        const aging = x.onHand > 0 ? (x.lastOutflowAt ? age(x.lastOutflowAt) : 'no outflow seen') : '—';
        const open = el('a', { href: '#sku', 'data-testid': `open-${x.sku}` }, x.sku);
        open.onclick = () => store.set({ sku: x.sku });
        return el('tr', { 'data-sku': x.sku }, ...[open, productNames.get(x.sku) ?? '', String(x.onHand), String(x.reserved), String(x.available), el('span', { class: `status-${x.status}` }, x.status), String(levels(x.onHand, x.reserved, 0).shortfall), String((x.locationIds ?? Object.keys(x.locations ?? {})).length), el('span', { 'data-testid': `aging-${x.sku}` }, aging), age(x.syncedAt)].map((c) => el('td', {}, c)));
      }),
    );
  };

  const showPage = () => {
    stopCatalogue();
    const f = filter!;
    const start = pageStarts[pageStarts.length - 1] ?? null;
    const loc = [...(f.location ? [where('locationIds', 'array-contains', f.location)] : []), ...(f.vendor ? [where('vendorId', '==', f.vendor)] : [])];
    if (f.by === 'name' && f.q) {
      // By name: a page of products whose name starts with the text, then their stock, live.
      const c: QueryConstraint[] = [where('name', '>=', f.q), where('name', '<', `${f.q}\uf8ff`), orderBy('name'), ...(start ? [startAfter(start)] : []), limit(PAGE + 1)];
      void getDocs(query(collection(db, 'products'), ...c)).then((p) => {
        const docs = p.docs.slice(0, PAGE);
        lastOfPage = docs[docs.length - 1] ?? null;
        docs.forEach((d) => productNames.set(d.id, d.data().name as string));
        const skus = docs.map((d) => d.id);
        const byId = new Map<string, DocumentData>();
        const unsubs: (() => void)[] = [];
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
    const prefix = f.q ? [where('sku', '>=', f.q), where('sku', '<', `${f.q}\uf8ff`)] : [];
    stopPage = onSnapshot(query(collection(db, 'inventory'), ...loc, ...prefix, orderBy('sku'), ...(start ? [startAfter(start)] : []), limit(PAGE + 1)), (s) => {
      const docs = s.docs.slice(0, PAGE);
      lastOfPage = docs[docs.length - 1] ?? null;
      void loadProductNames(docs.map((d) => d.id)).then(() => renderStock(docs.map((d) => d.data()), s.docs.length > PAGE));
    });
  };

  const search = document.getElementById('catalogue-search') as HTMLFormElement;
  const onSearch = (ev: Event) => {
    ev.preventDefault();
    const f = new FormData(search);
    store.set({ filter: { q: String(f.get('q') ?? '').trim(), by: f.get('by') === 'name' ? 'name' : 'sku', location: String(f.get('location') ?? '').trim(), vendor: String(f.get('vendor') ?? '').trim() } });
  };
  const onNext = () => {
    if (!lastOfPage) return;
    pageStarts.push(lastOfPage);
    showPage();
  };
  const onPrev = () => {
    if (pageStarts.length === 1) return;
    pageStarts.pop();
    showPage();
  };
  search.addEventListener('submit', onSearch);
  document.getElementById('next')!.addEventListener('click', onNext);
  document.getElementById('prev')!.addEventListener('click', onPrev);
  // A new filter (the search form, or a vendor picked in the vendor list) starts again at page 1.
  const unsubscribe = store.subscribe((s) => {
    if (s.filter === filter) return;
    filter = s.filter;
    (search.elements.namedItem('vendor') as HTMLInputElement).value = filter.vendor;
    pageStarts = [null];
    showPage();
  });
  return () => {
    unsubscribe();
    stopCatalogue();
    search.removeEventListener('submit', onSearch);
    document.getElementById('next')!.removeEventListener('click', onNext);
    document.getElementById('prev')!.removeEventListener('click', onPrev);
  };
}
