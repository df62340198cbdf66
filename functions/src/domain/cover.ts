/**
 * Sales velocity and days of cover (NetSuite's reorder point: (lead-time days + safety days) x
 * demand). Pure: a SKU's daily sales in, figures and a verdict out.
 *
 * Velocity is units sold per day over the last 7 and 28 days (today included, days without sales
 * count as 0). Days of cover = sellable units / daily velocity (the 7-day one; the 28-day one when a
 * SKU sold nothing this week): how long what is left lasts at the current pace. The alert opens
 * when cover falls below the lead time plus the safety days, so a fast seller is flagged while it
 * still has units, and a slow one is not flagged just because its count is small.
 */
export type DailySales = Record<string, Record<string, number>>;

const DAY_MS = 86_400_000;

export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Units sold per day over the `days` days up to and including `now`'s day (one channel, or all). */
export function velocity(sales: DailySales, now: number, days: number, channel?: string): number {
  let units = 0;
  for (let i = 0; i < days; i++) {
    const d = sales[dayKey(now - i * DAY_MS)];
    if (!d) continue;
    if (channel !== undefined) units += d[channel] ?? 0;
    else for (const n of Object.values(d)) units += n;
  }
  return units / days;
}

/** Days the sellable units last at `perDay`; null when nothing sells (no pace, no cover figure). */
export function daysOfCover(sellable: number, perDay: number): number | null {
  if (perDay <= 0) return null;
  return sellable / perDay;
}

export interface CoverFigures {
  velocity7: number;
  velocity28: number;
  /** Per channel: units per day over 7 and 28 days. */
  channels: Record<string, { velocity7: number; velocity28: number }>;
  cover: number | null;
}

export function coverFigures(sales: DailySales, sellable: number, now: number): CoverFigures {
  const velocity7 = velocity(sales, now, 7);
  const velocity28 = velocity(sales, now, 28);
  const names = new Set<string>();
  for (let i = 0; i < 28; i++) for (const c of Object.keys(sales[dayKey(now - i * DAY_MS)] ?? {})) names.add(c);
  const channels: CoverFigures['channels'] = {};
  for (const c of [...names].sort()) channels[c] = { velocity7: velocity(sales, now, 7, c), velocity28: velocity(sales, now, 28, c) };
  return { velocity7, velocity28, channels, cover: daysOfCover(sellable, velocity7 > 0 ? velocity7 : velocity28) };
}

/** The cover alert's verdict: open below lead time + safety days; nothing to say when nothing sells. */
export function coverLow(cover: number | null, leadTimeDays: number, safetyDays: number): boolean {
  return cover !== null && cover < leadTimeDays + safetyDays;
}

/** Adds a sale; keeps only the last `keepDays` days. */
export function addSale(sales: DailySales, at: number, channel: string, units: number, keepDays = 35): DailySales {
  const day = dayKey(at);
  const oldest = dayKey(at - (keepDays - 1) * DAY_MS);
  const out: DailySales = {};
  for (const [d, v] of Object.entries(sales)) if (d >= oldest) out[d] = { ...v };
  out[day] = { ...(out[day] ?? {}), [channel]: (out[day]?.[channel] ?? 0) + units };
  return out;
}
