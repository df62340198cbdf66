/** The vendor's alerts (open, live): low and out of stock per offer, a late or stale feed, a batch held for review. */
import { collection, limit, onSnapshot, query, where, DocumentData, Timestamp } from 'firebase/firestore';
import { db } from '../firebase';
import { feedLate } from './account';
import { row, since } from '../ui';
import { Store } from './store';

function detail(a: DocumentData): string {
  const at = `since ${since((a.raisedAt as Timestamp | undefined)?.toMillis())}`;
  if (a.kind === 'mass_change_held') return `job ${a.jobId as string} held for review: ${((a.reasons ?? []) as string[]).join('; ')} · ${at} (Jobs: confirm or discard)`;
  if (a.kind === 'feed_stale') return `no feed accepted for ${STALE_HINT}: your offers show a stale-stock notice${a.policy === 'stop_selling' ? ' and do not sell' : ''} until the next feed · ${at}`;
  return `available ${a.available as number} · ${at}`;
}

const STALE_HINT = 'several declared cadences';

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
      ...open.map((a) => row([String(a.kind), a.sku ? String(a.sku) : '—', detail(a)], false, { 'data-alert': a.sku ? `${a.kind as string}-${a.sku as string}` : String(a.kind) })),
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
