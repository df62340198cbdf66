/** Firestore data as plain JSON for an HTTP answer: Timestamps become ISO strings. */
import { DocumentData, Timestamp } from 'firebase-admin/firestore';

export function plainJson(v: unknown): DocumentData {
  if (v instanceof Timestamp) return v.toDate().toISOString() as unknown as DocumentData;
  if (Array.isArray(v)) return v.map(plainJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainJson(x)]));
  return v as DocumentData;
}
