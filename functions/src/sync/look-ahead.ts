/**
 * The cycle's look-ahead: while a long apply runs, keep reading the feed and fold what arrives into
 * the SKUs not yet written this cycle (still one write per SKU per cycle). The saved cursor stays
 * where the cycle's own read ended; rows read ahead and not applied go to the next cycle as a
 * carry (or, without it, are read again and the applied ones skipped by seq). Nothing depends on
 * the look-ahead for safety.
 */
import { LocationChange } from '../domain/sequence';
import { InventoryConnector, RejectedRow } from '../stock/ports';

export type Rejected = { row: RejectedRow; cursor: string | null; index: number };

/**
 * Rows a cycle read ahead but did not apply (their SKU was already written), handed to the next
 * cycle of the same poller so it does not read them again. Only in memory: the saved cursor never
 * passes them until they are committed, so a crash or a lost carry just means reading them again.
 */
export interface Carry {
  /** The saved cursor the rows follow: a cycle uses the carry only if it starts from there. */
  from: string | null;
  /** Where the read-ahead stopped; the next cycle reads on from here. */
  cursor: string | null;
  changes: LocationChange[];
  rejected: Rejected[];
}

export interface LookAheadOptions {
  connector: InventoryConnector;
  /** How often to read ahead (0 turns it off). */
  everyMs: number;
  now: () => number;
}

/**
 * Best-effort read-ahead of the feed every `lookAheadMs` while the cycle writes. `merge` hands the
 * rows of the given SKUs (SKUs this cycle has and is about to write) to the applier; `stop` ends
 * the reading and returns what was read and not merged, with the cursor after it.
 */
export function lookAhead(o: LookAheadOptions, from: string | null, pageSize: number, deadline: number, maxRows: number, owned: Map<string, LocationChange[]>) {
  const now = o.now;
  const late = new Map<string, LocationChange[]>();
  const written = new Set<string>();
  const rest: LocationChange[] = [];
  const rejected: Rejected[] = [];
  let cursor = from;
  let rows = 0;
  let stopped = false;
  let wake: () => void = () => undefined;
  let merged = 0;
  const every = o.everyMs;
  void (async () => {
    while (!stopped && every > 0 && rows < maxRows) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, every);
      });
      if (stopped || now() > deadline - every) return;
      try {
        for (let more = true; more && !stopped && rows < maxRows; ) {
          const at = cursor;
          const page = await o.connector.fetchChanges(at, pageSize, deadline);
          // A page that arrives after stop() belongs to nobody: the next cycle reads it again.
          if (stopped) return;
          for (const c of page.changes) {
            if (!owned.has(c.sku) || written.has(c.sku)) rest.push(c);
            else {
              const list = late.get(c.sku);
              if (list) list.push(c);
              else late.set(c.sku, [c]);
            }
          }
          page.rejected.forEach((row, index) => rejected.push({ row, cursor: at, index }));
          rows += page.received;
          more = page.hasMore && page.nextCursor !== null;
          cursor = page.nextCursor ?? cursor;
        }
      } catch {
        return; // what was read so far stands; the next cycle reads on from there
      }
    }
  })();
  return {
    merge(skus: string[]) {
      for (const sku of skus) {
        written.add(sku);
        const extra = late.get(sku);
        if (!extra) continue;
        owned.get(sku)!.push(...extra);
        merged += extra.length;
        late.delete(sku);
      }
    },
    /** Ends the read-ahead without waiting for a request in flight (a slow WMS must not hold the cycle). */
    stop(): { merged: number; rest: Omit<Carry, 'from'> } {
      stopped = true;
      wake();
      for (const list of late.values()) rest.push(...list);
      return { merged, rest: { cursor, changes: rest, rejected } };
    },
  };
}
