import { FieldValue } from 'firebase-admin/firestore';
import { expireAt } from '../../adapters/retention';

/** A "Trigger Email from Firestore" document: `to` and `message` are the extension's fields; the rest is ours. */
export function backInStockMail(to: string, name: string, sku: string, available: number, uid: string, notificationId: string) {
  const subject = `${name} is back in stock`;
  const text = `Good news: ${name} (${sku}) is back in stock, ${available} available right now. You asked us to tell you; we will not write again about it.`;
  const html = `<p>Good news: <strong>${escapeHtml(name)}</strong> (${escapeHtml(sku)}) is back in stock, ${available} available right now.</p><p>You asked us to tell you; we will not write again about it.</p>`;
  return mailDoc(to, { subject, text, html }, uid, sku, notificationId);
}

/** The same format for "expected back on <date>": the subscription stays, so a second mail follows on arrival. */
export function backOnMail(to: string, name: string, sku: string, backOn: string, uid: string, notificationId: string) {
  const date = new Date(backOn).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const subject = `${name} is expected back on ${date}`;
  const text = `${name} (${sku}) is sold out, and more is on its way: expected back on ${date}. We will write again when it is in stock.`;
  const html = `<p><strong>${escapeHtml(name)}</strong> (${escapeHtml(sku)}) is sold out, and more is on its way: expected back on ${date}.</p><p>We will write again when it is in stock.</p>`;
  return mailDoc(to, { subject, text, html }, uid, sku, notificationId);
}

function mailDoc(to: string, message: { subject: string; text: string; html: string }, uid: string, sku: string, notificationId: string) {
  return { to: [to], message, uid, sku, notificationId, createdAt: FieldValue.serverTimestamp(), expireAt: expireAt('mail') };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
