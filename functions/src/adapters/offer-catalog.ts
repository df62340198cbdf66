/** What push validation reads of stored offers and the catalogue, from Firestore (`getAll` in pages of 500). */
import { Firestore } from 'firebase-admin/firestore';
import type { OfferCatalog } from '../ingest/ports';
import type { Offer } from '../domain/offer';
import { C } from './collections';
import { OFFER_DOC_FIELDS, offerFromDoc } from '../stock/stock-store';

export class FirestoreOfferCatalog implements OfferCatalog {
  constructor(private readonly db: Firestore) {}

  async offers(skus: string[]): Promise<Map<string, { exists: boolean; offer: Offer | null }>> {
    const out = new Map<string, { exists: boolean; offer: Offer | null }>();
    for (let i = 0; i < skus.length; i += 500) {
      const refs = skus.slice(i, i + 500).map((s) => this.db.collection(C.inventory).doc(s));
      if (!refs.length) continue;
      for (const snap of await this.db.getAll(...refs, { fieldMask: [...OFFER_DOC_FIELDS] })) {
        out.set(snap.id, { exists: snap.exists, offer: snap.exists ? offerFromDoc(snap.data()!) : null });
      }
    }
    return out;
  }

  async products(productIds: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let i = 0; i < productIds.length; i += 500) {
      const refs = productIds.slice(i, i + 500).map((p) => this.db.collection(C.products).doc(p));
      if (!refs.length) continue;
      for (const s of await this.db.getAll(...refs, { fieldMask: [] })) if (s.exists) known.add(s.id);
    }
    return known;
  }
}
