/** The vendor's alerts: low and out of stock per offer (open, live) and a late feed. */
import { collection, limit, onSnapshot, query, where, DocumentData, Timestamp } from 'firebase/firestore';
import { db } from '../firebase';
import { feedLate } from './account';
import { row, since } from '../ui';
import { Store } from './store';

export function mountAlerts(store: Store): () => void {
  const { vendorId } = store.state;
  let open: DocumentData[] = [];
  const table = document.getElementById('alerts')!;
  const render = () => {
    const v = store.state.vendor;
    const feed = v && feedLate(v) ? [row(['feed_late', '—', `no feed for ${since((v.lastFeedAt as Timestamp | null)?.toMillis())} (declared every ${v.feedCadenceMinutes as number} min)`], false, { 'data-alert': 'feed_late' })] : [];
    table.replaceChildren(
      row(['alert', 'offer', 'detail'], true),
      ...feed,
      ...open.map((a) => row([String(a.kind), String(a.sku), `available ${a.available as number} · since ${since((a.raisedAt as Timestamp | undefined)?.toMillis())}`], false, { 'data-alert': `${a.kind as string}-${a.sku as string}` })),
    );
  };
  const unsub = onSnapshot(query(collection(db, 'alerts'), where('vendorId', '==', vendorId), where('status', '==', 'open'), limit(200)), (s) => {
    open = s.docs.map((d) => d.data());
    render();
  });
  const unstore = store.subscribe(render);
  return () => {
    unsub();
    unstore();
  };
}
