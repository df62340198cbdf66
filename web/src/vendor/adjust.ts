/** A vendor asks for a manual count of one of its offers, with a reason code; an operator approves it. */
import { collection, limit, onSnapshot, orderBy, query, where, Timestamp } from 'firebase/firestore';
import { api, db } from '../firebase';
import { row, since } from '../ui';


export function mountAdjustments(vendorId: string): () => void {
  const form = document.getElementById('adjust') as HTMLFormElement;
  const result = document.getElementById('adjust-result')!;
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const sku = `${vendorId}~${String(f.get('code')).trim()}`;
    const r = await api(`/v1/vendor/offers/${encodeURIComponent(sku)}/adjustments`, {
      method: 'POST',
      body: JSON.stringify({ locationId: String(f.get('locationId')).trim(), onHand: Number(f.get('onHand')), reasonCode: String(f.get('reasonCode')) }),
    });
    const body = (await r.json()) as { state?: string; error?: string; errors?: { field: string; message: string }[] };
    result.textContent = r.ok ? `asked: ${body.state}` : `${body.error}${body.errors ? `: ${body.errors.map((e) => `${e.field} ${e.message}`).join('; ')}` : ''}`;
    result.className = r.ok ? '' : 'error';
  };
  return onSnapshot(query(collection(db, 'adjustments'), where('vendorId', '==', vendorId), orderBy('createdAt', 'desc'), limit(20)), (s) => {
    document.getElementById('adjustments')!.replaceChildren(
      row(['offer', 'location', 'from', 'to', 'reason', 'state', 'asked'], true),
      ...s.docs.map((d) => {
        const a = d.data();
        return row([String(a.sku).split('~').slice(1).join('~'), String(a.locationId), String(a.from), String(a.onHand), String(a.reasonCode), String(a.state), `${since((a.createdAt as Timestamp | undefined)?.toMillis())} ago`], false, { 'data-adjustment': d.id });
      }),
    );
  });
}
