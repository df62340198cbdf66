/**
 * The SLOs as an operator sees them locally: each objective's budget left over the running totals
 * of the stored metrics, and its burn rate over the last hour (the per-minute documents), computed
 * with the same definitions Cloud Monitoring is given (domain/slo.ts).
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { totalsRefs } from '../adapters/metrics';
import { sumTotals, Totals } from '../domain/metric-totals';
import { SLOS, SloStatus, sloStatus } from '../domain/slo';

export interface SloReport {
  /** What `budgetLeft` is counted over: the running totals, since the metrics began (or were reset). */
  window: 'totals';
  at: string;
  slos: SloStatus[];
}

export async function readSloReport(db: Firestore, now = Date.now()): Promise<SloReport> {
  const [shards, minutes] = await Promise.all([
    db.getAll(...totalsRefs(db)),
    db.collection(C.metrics).where('minute', '>=', Timestamp.fromMillis(now - 3_600_000)).get(),
  ]);
  const totals = sumTotals(shards.map((s) => (s.data() ?? {}) as Totals));
  const lastHour = sumTotals(minutes.docs.map((d) => d.data() as Totals));
  // A minute document carries only the bounds of what it recorded: take them from the totals.
  lastHour.bounds = { ...totals.bounds, ...lastHour.bounds };
  return { window: 'totals', at: new Date(now).toISOString(), slos: SLOS.map((d) => sloStatus(d, totals, lastHour)) };
}
