/** The alert inbox: open alerts, live, with acknowledge (who took it). */
import { collection, limit, onSnapshot, orderBy, query, where, Timestamp } from 'firebase/firestore';
import { api, db, el } from '../firebase';
import { row, since } from '../ui';

const age = (t?: Timestamp) => since(t?.toMillis());

export function mountAlerts(): () => void {
  return onSnapshot(query(collection(db, 'alerts'), where('status', '==', 'open'), orderBy('raisedAt', 'desc'), limit(50)), (s) => {
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
  });
}
