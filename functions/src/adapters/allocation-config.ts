/**
 * The allocation config (`allocationConfig/current`): sales channels, locations and their rules.
 * Validated with zod on the way in (the operator route) and on the way out (a hand-edited document
 * that no longer parses is reported and the last good config kept). Cached per instance for a few
 * seconds; every stock writer loads it first so the public document's per-channel figures follow it.
 */
import { Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { AllocationConfig, DEFAULT_ALLOCATION, STRATEGIES } from '../domain/allocation';
import { useAllocation } from '../stock/channel-view';
import { C } from './collections';
import * as logs from '../logs';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (at most 64)');
const days = z.number().int().min(0).max(365);

export const locationConfigSchema = z
  .object({
    kind: z.enum(['warehouse', 'store']).default('warehouse'),
    priority: z.number().int().min(0).max(10_000).default(100).describe('lower first, for the priority strategy and every tie'),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    safetyStock: z.number().int().min(0).max(1_000_000).default(0).describe('units of each SKU kept back from online channels here'),
    leadTimeDays: days.optional(),
    safetyDays: days.optional(),
  })
  .strict()
  .refine((l) => (l.lat === undefined) === (l.lng === undefined), { message: 'lat and lng go together', path: ['lat'] });

export const channelConfigSchema = z
  .object({
    kind: z.enum(['online', 'store']).default('online').describe('online channels keep safety stock back; a store sells its shelf'),
    locations: z.array(id).min(1).max(200).nullable().default(null).describe('the locations it sells from; null: every location'),
    strategy: z.enum(STRATEGIES).default('most_stock'),
  })
  .strict();

export const allocationConfigSchema = z
  .object({
    channels: z.record(id, channelConfigSchema).refine((c) => Object.keys(c).length > 0 && Object.keys(c).length <= 50, 'between 1 and 50 channels'),
    locations: z.record(id, locationConfigSchema).default({}).refine((l) => Object.keys(l).length <= 500, 'at most 500 locations'),
    defaultChannel: id,
    postcodes: z.record(z.string().min(1).max(16), z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict()).default({}),
    defaults: z.object({ leadTimeDays: days, safetyDays: days }).strict().default({ leadTimeDays: 7, safetyDays: 3 }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.channels[c.defaultChannel]) ctx.addIssue({ code: 'custom', path: ['defaultChannel'], message: `${c.defaultChannel} is not one of the channels` });
    for (const [cid, ch] of Object.entries(c.channels)) {
      for (const [i, loc] of (ch.locations ?? []).entries()) {
        if (ch.kind === 'store' && !c.locations[loc]) ctx.addIssue({ code: 'custom', path: ['channels', cid, 'locations', i], message: `${loc} is not a configured location` });
      }
    }
  });

export type AllocationConfigInput = z.input<typeof allocationConfigSchema>;

/** The parsed config, with each location's days filled from the defaults. */
export function normalize(parsed: z.output<typeof allocationConfigSchema>): AllocationConfig {
  const locations: AllocationConfig['locations'] = {};
  for (const [k, l] of Object.entries(parsed.locations)) {
    locations[k] = { ...l, leadTimeDays: l.leadTimeDays ?? parsed.defaults.leadTimeDays, safetyDays: l.safetyDays ?? parsed.defaults.safetyDays };
  }
  return { channels: parsed.channels, locations, defaultChannel: parsed.defaultChannel, postcodes: parsed.postcodes, defaults: parsed.defaults };
}

const TTL_MS = 5_000;
let cache: { at: number; cfg: AllocationConfig; configured: boolean; db: Firestore } | null = null;

/** The config in force (cached for a few seconds per instance); the built-in default when none is set. */
export async function loadAllocation(db: Firestore, now = Date.now()): Promise<{ cfg: AllocationConfig; configured: boolean }> {
  if (cache && cache.db === db && now - cache.at < TTL_MS) return cache;
  const snap = await db.collection(C.allocationConfig).doc('current').get();
  let cfg = DEFAULT_ALLOCATION;
  let configured = false;
  if (snap.exists) {
    const r = allocationConfigSchema.safeParse(snap.data()?.config);
    if (r.success) {
      cfg = normalize(r.data);
      configured = true;
    } else if (cache) {
      logs.internalError('allocation config', new Error(`allocationConfig/current does not parse: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}; keeping the last good config`));
      return cache;
    } else logs.internalError('allocation config', new Error(`allocationConfig/current does not parse; using the default (one online channel over every location)`));
  }
  cache = { at: now, cfg, configured, db };
  useAllocation(cfg, configured);
  return cache;
}

/** Stores a new config (already validated) and makes it the one in force here at once. */
export async function saveAllocation(db: Firestore, cfg: z.output<typeof allocationConfigSchema>, actor: string): Promise<AllocationConfig> {
  await db.collection(C.allocationConfig).doc('current').set({ config: JSON.parse(JSON.stringify(cfg)), updatedBy: actor, updatedAt: new Date() });
  const n = normalize(cfg);
  cache = { at: Date.now(), cfg: n, configured: true, db };
  useAllocation(n, true);
  return n;
}

/** Forgets the cached config (tests; a config written behind the instance's back). */
export function forgetAllocation(): void {
  cache = null;
  useAllocation(DEFAULT_ALLOCATION, false);
}
