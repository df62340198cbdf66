/**
 * The demo marketplace shared by the seed, tests and the example: card products, two vendors
 * (one user each, CONTRACT.md) and their offers, each in a condition and a language, at a price,
 * at the vendor's own location. Deterministic: every run builds the same offers.
 */
import { emptyState, StockState } from '../src/domain/inventory';
import { CONDITIONS, offerIdFor } from '../src/domain/offer';
import { prng } from './catalog';

export const CARD_PRODUCTS = [
  ['Black Lotus', 'Alpha'], ['Ancestral Recall', 'Alpha'], ['Time Walk', 'Beta'], ['Mox Pearl', 'Beta'], ['Sol Ring', 'Unlimited'],
  ['Lightning Bolt', 'Revised'], ['Counterspell', 'Ice Age'], ['Dark Ritual', 'Mercadian Masques'], ['Llanowar Elves', 'Dominaria'], ['Giant Growth', 'Fourth Edition'],
  ['Serra Angel', 'Alpha'], ['Shivan Dragon', 'Beta'], ['Birds of Paradise', 'Revised'], ['Wrath of God', 'Tenth Edition'], ['Force of Will', 'Alliances'],
  ['Brainstorm', 'Ice Age'], ['Swords to Plowshares', 'Ice Age'], ['Dual Land Tundra', 'Revised'], ['Tarmogoyf', 'Future Sight'], ['Snapcaster Mage', 'Innistrad'],
].map(([name, set], i) => ({ productId: `card-${String(i + 1).padStart(4, '0')}`, name: `${name} (${set})`, set: set! }));

export const SEED_VENDORS = [
  { vendorId: 'v-aurora', name: 'Aurora Cards', feedCadenceMinutes: 15, contactEmails: ['vera@example.com'], lowStockThreshold: 2, staleFeedPolicy: 'keep_selling' as const, locationId: 'v-aurora-berlin', prefix: 'AUR', currency: 'EUR' },
  { vendorId: 'v-borealis', name: 'Borealis Games', feedCadenceMinutes: 60, contactEmails: ['victor@example.com'], lowStockThreshold: 1, staleFeedPolicy: 'stop_selling' as const, locationId: 'v-borealis-oslo', prefix: 'BOR', currency: 'EUR' },
];

export const OFFERS_PER_VENDOR = 30;
const LANGUAGES = ['en', 'de', 'fr', 'it', 'ja'];

/** Every seeded offer as a stock state (count 0..6 at its vendor's location). */
export function seedOffers(now: number): { vendorId: string; state: StockState }[] {
  const out: { vendorId: string; state: StockState }[] = [];
  for (const [vi, v] of SEED_VENDORS.entries()) {
    const rnd = prng(101 + vi);
    for (let i = 0; i < OFFERS_PER_VENDOR; i++) {
      const vendorSku = `${v.prefix}-${String(i + 1).padStart(4, '0')}`;
      const product = CARD_PRODUCTS[(i * 7 + vi * 3) % CARD_PRODUCTS.length]!;
      const state = emptyState(offerIdFor(v.vendorId, vendorSku), v.lowStockThreshold);
      const onHand = Math.floor(rnd() * 7);
      state.locations[v.locationId] = { onHand, wmsOnHand: onHand, seq: 1, syncedAt: now };
      state.syncedAt = now;
      state.offer = {
        vendorId: v.vendorId,
        vendorSku,
        productId: product.productId,
        condition: CONDITIONS[Math.floor(rnd() * CONDITIONS.length)]!,
        language: LANGUAGES[Math.floor(rnd() * LANGUAGES.length)]!,
        foil: rnd() < 0.2,
        signed: rnd() < 0.05,
        price: { amount: 50 + Math.floor(rnd() * 50_000), currency: v.currency },
      };
      out.push({ vendorId: v.vendorId, state });
    }
  }
  return out;
}
