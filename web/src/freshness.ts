/**
 * The sync's freshness on the page: the status document is listened to, and staleness is computed
 * from its `lastSuccessAt` and `staleAfterSeconds` against this browser's clock every second, so a
 * poller that stopped writing (and so never flips the stored flag) still shows as stale.
 */
import { doc, onSnapshot, Timestamp } from 'firebase/firestore';
import { db } from './firebase';
import { Freshness, freshness } from '../../functions/src/domain/staleness';

export interface SyncView extends Freshness {
  state: string;
  lastSuccessAt: Date | null;
  data: Record<string, unknown>;
}

export function watchFreshness(onChange: (v: SyncView) => void): () => void {
  let data: Record<string, unknown> | null = null;
  const render = () => {
    if (!data) return;
    const last = data.lastSuccessAt instanceof Timestamp ? data.lastSuccessAt.toMillis() : null;
    const f = freshness({ lastSuccessAt: last, staleAfterSeconds: typeof data.staleAfterSeconds === 'number' ? data.staleAfterSeconds : null }, Date.now());
    onChange({ ...f, state: String(data.state ?? 'unknown'), lastSuccessAt: last === null ? null : new Date(last), data });
  };
  const unsub = onSnapshot(doc(db, 'syncStatus/wms'), (s) => {
    data = s.data() ?? {};
    render();
  });
  const timer = setInterval(render, 1000);
  return () => {
    unsub();
    clearInterval(timer);
  };
}
