/** Product names from the catalogue (`products/{id}`), loaded 30 at a time (Firestore's `in` limit) and kept. */
import { collection, documentId, getDocs, query, where } from 'firebase/firestore';
import { db } from './firebase';

export const productNames = new Map<string, string>();

/** Loads the names of `ids` not loaded yet. */
export async function loadProductNames(ids: readonly string[]): Promise<Map<string, string>> {
  const missing = [...new Set(ids)].filter((s) => !productNames.has(s));
  for (let i = 0; i < missing.length; i += 30) {
    const p = await getDocs(query(collection(db, 'products'), where(documentId(), 'in', missing.slice(i, i + 30))));
    p.forEach((d) => productNames.set(d.id, d.data().name as string));
  }
  return productNames;
}
