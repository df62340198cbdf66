/** The alert inbox: open alerts, live, with acknowledge (who took it). */
import { collection, limit, onSnapshot, orderBy, query, where, Timestamp } from 'firebase/firestore';
import { api, db, el } from '../firebase';
import { row, since } from '../ui';

const age = (t?: Timestamp) => since(t?.toMillis());

function reviewButtons(jobId: string): HTMLElement {
  const out = el('span', { 'data-testid': `review-${jobId}` });
  for (const decision of ['confirm', 'discard'] as const) {
    const b = el('button', { 'data-testid': `${decision}-${jobId}` }, decision === 'confirm' ? 'Confirm batch' : 'Discard batch');
    b.onclick = async () => {
      const r = await api(`/v1/jobs/${jobId}/review`, { method: 'POST', body: JSON.stringify({ decision }) });
      out.replaceChildren(r.ok ? `${decision}ed` : ((await r.json()) as { error: string }).error);
    };
    out.append(b, ' ');
  }
  return out;
}

export function mountAlerts(): () => void {
  return onSnapshot(query(collection(db, 'alerts'), where('status', '==', 'open'), orderBy('raisedAt', 'desc'), limit(50)), (s) => {
    document.getElementById('alerts')!.replaceChildren(
      row(['raised', 'kind', 'alert', 'detail', ''], true),
      ...s.docs.map((d) => {
        const a = d.data();
        const detail = JSON.stringify(Object.fromEntries(['sku', 'vendorId', 'jobId', 'available', 'shortfall', 'rate', 'lagMs', 'failures', 'ageMs', 'reasons'].filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, a[k]])));
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
        const cells: (string | Node)[] = [age(a.raisedAt as Timestamp | undefined), a.kind as string, d.id, detail, taken];
        // A vendor batch the mass-change guard held: an operator may decide on it too.
        if (a.kind === 'mass_change_held' && typeof a.jobId === 'string') cells.push(reviewButtons(a.jobId));
        return el('tr', { 'data-alert': d.id }, ...cells.map((c) => el('td', {}, c)));
      }),
    );
  });
}
