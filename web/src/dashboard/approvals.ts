/** Manual counts with a reason code, and the adjustments waiting for a second operator's approval (live). */
import { collection, limit, onSnapshot, query, where } from 'firebase/firestore';
import { api, db, el } from '../firebase';
import { row } from '../ui';

export function mountApprovals(): () => void {
  const form = document.getElementById('adjust') as HTMLFormElement;
  const onAdjust = async (ev: Event) => {
    ev.preventDefault();
    const f = new FormData(form);
    const r = await api(`/v1/inventory/${encodeURIComponent(String(f.get('sku')))}/reconcile`, {
      method: 'POST',
      body: JSON.stringify({ locationId: f.get('locationId'), onHand: Number(f.get('onHand')), reasonCode: f.get('reasonCode') }),
    });
    const body = (await r.json()) as { state?: string; error?: string };
    document.getElementById('adjust-result')!.textContent = body.state ?? body.error ?? '';
  };
  form.addEventListener('submit', onAdjust);
  const stop = onSnapshot(query(collection(db, 'adjustments'), where('state', '==', 'pending_approval'), limit(50)), (s) => {
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
  });
  return () => {
    stop();
    form.removeEventListener('submit', onAdjust);
  };
}
