/** The deterministic demo catalog shared by the seed, the WMS simulator, tests and benchmarks. */
export interface CatalogOptions {
  skus: number;
  locations: number;
  seed?: number;
}

export function skuId(i: number): string {
  return `SKU-${String(i + 1).padStart(5, '0')}`;
}

export function locationId(i: number): string {
  const kinds = ['wh', 'store', 'vendor'];
  return `${kinds[i % kinds.length]}-${String(i + 1).padStart(2, '0')}`;
}

/** Small deterministic PRNG (mulberry32) so every run of the seed builds the same catalog. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['Tee', 'Hoodie', 'Sneaker', 'Cap', 'Backpack', 'Mug', 'Lamp', 'Jacket', 'Sock', 'Bottle', 'Scarf', 'Watch'];
const ADJ = ['Classic', 'Organic', 'Trail', 'Urban', 'Vintage', 'Eco', 'Pro', 'Lite', 'Cozy', 'Bold'];

export interface CatalogRow {
  sku: string;
  name: string;
  priceCents: number;
  /** locationId -> onHand */
  stock: Record<string, number>;
}

/**
 * ~8% of SKUs out of stock everywhere, ~12% low (1-5 units in total), the rest in stock; each
 * SKU is stocked at a subset of the locations.
 */
export function buildCatalog(opts: CatalogOptions): CatalogRow[] {
  const rnd = prng(opts.seed ?? 42);
  const rows: CatalogRow[] = [];
  for (let i = 0; i < opts.skus; i++) {
    const sku = skuId(i);
    const roll = rnd();
    const stock: Record<string, number> = {};
    const stocked = Math.max(1, Math.floor(rnd() * opts.locations) + 1);
    const first = Math.floor(rnd() * opts.locations);
    for (let k = 0; k < stocked; k++) {
      const loc = locationId((first + k) % opts.locations);
      stock[loc] = roll < 0.08 ? 0 : roll < 0.2 ? (k === 0 ? 1 + Math.floor(rnd() * 5) : 0) : Math.floor(rnd() * 120) + 6;
    }
    rows.push({
      sku,
      name: `${ADJ[i % ADJ.length]} ${NOUNS[Math.floor(i / ADJ.length) % NOUNS.length]} ${i + 1}`,
      priceCents: 500 + Math.floor(rnd() * 20000),
      stock,
    });
  }
  return rows;
}
