/**
 * Operators move units of a location between sellable, damaged and quality control, and set what
 * is incoming (with its expected date) and a SKU's safety stock there, with a reason code. None of
 * these changes onHand, so none waits for approval; each is one transaction, an `inventory.adjusted`
 * event with the operator as `actor`, and a record in `adjustments` (`kind: "units"`).
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { parseOrRefuse } from '../zod-errors';
import { DomainError } from '../errors';
import { locationId } from '../domain/ids';
import { levelsOf, MOVABLE_STATES, moveUnits, Outcome, setUnitStates, StockState } from '../domain/inventory';
import { C } from '../adapters/collections';
import { loadAllocation } from '../adapters/allocation-config';
import { readStocks, writeInTransaction } from '../stock/stock-store';
import { REASON_CODES } from './adjustments';

export const UNIT_REASON_CODES = [...REASON_CODES, 'quality_check', 'received', 'recall', 'purchase_order'] as const;

export const unitStatesInput = z
  .object({
    locationId,
    move: z
      .object({ from: z.enum(MOVABLE_STATES), to: z.enum(MOVABLE_STATES), quantity: z.number().int().min(1).max(1_000_000_000) })
      .strict()
      .refine((m) => m.from !== m.to, { message: 'from and to must differ', path: ['to'] })
      .optional()
      .describe('move units between states: sellable (onHand not in another state), damaged, qualityControl'),
    incoming: z.number().int().min(0).max(1_000_000_000).optional().describe('units on their way to the location (0: none)'),
    incomingAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).nullable().optional().describe('when they are expected (the storefront says "back on <date>")'),
    safetyStock: z.number().int().min(0).max(1_000_000_000).nullable().optional().describe("this SKU's safety stock here (null: the location's default)"),
    reasonCode: z.enum(UNIT_REASON_CODES),
    note: z.string().max(1000).optional().default(''),
  })
  .strict()
  .refine((i) => i.move !== undefined || i.incoming !== undefined || i.incomingAt !== undefined || i.safetyStock !== undefined, { message: 'say what changes: move, incoming, incomingAt or safetyStock', path: ['move'] });

export type UnitStatesInput = z.input<typeof unitStatesInput>;

export async function changeUnitStates(db: Firestore, sku: string, operator: string, input: unknown, threshold: number) {
  const asked = parseOrRefuse(unitStatesInput, input, '(body)');
  await loadAllocation(db);
  const ref = db.collection(C.adjustments).doc();
  return db.runTransaction(async (tx) => {
    const [stock] = await readStocks((...refs) => tx.getAll(...refs), db, [sku], threshold);
    if (!stock!.exists) throw new DomainError('not-found', `unknown SKU ${sku}`);
    const reason = `${asked.reasonCode}${asked.note ? `: ${asked.note}` : ''}`;
    const by = { source: 'operator', reason, actor: operator };
    let state: StockState = stock!.state;
    const events: Outcome['events'] = [];
    if (asked.move) {
      const r = moveUnits(state, { locationId: asked.locationId, ...asked.move }, by);
      if (!r.ok) {
        const f = r.failure;
        if (f.code === 'unknown_location') throw new DomainError('invalid-argument', `locationId: ${sku} has no position at ${f.locationId}`, { errors: [{ field: 'locationId', message: 'no such location for this SKU' }] });
        if (f.code === 'not_enough') throw new DomainError('failed-precondition', `move.quantity: ${f.quantity} asked, ${f.has} ${f.state} units there${f.state === 'sellable' ? ' (not held)' : ''}`, { errors: [{ field: 'move.quantity', message: `at most ${f.has}` }] });
        throw new DomainError('invalid-argument', 'move: nothing to move');
      }
      state = r.state;
      events.push(...r.events);
    }
    const set: Parameters<typeof setUnitStates>[2] = {};
    if (asked.incoming !== undefined) set.incoming = asked.incoming;
    if (asked.incomingAt !== undefined) set.incomingAt = asked.incomingAt === null ? 0 : Date.parse(asked.incomingAt);
    if (asked.safetyStock !== undefined) set.safetyStock = asked.safetyStock ?? undefined;
    if (Object.keys(set).length) {
      const r = setUnitStates(state, asked.locationId, set, by);
      if (!r.ok) throw new DomainError('invalid-argument', `locationId: ${sku} has no position at ${asked.locationId}`, { errors: [{ field: 'locationId', message: 'no such location for this SKU' }] });
      state = r.state;
      events.push(...(asked.move ? [] : r.events));
    }
    const now = Timestamp.now();
    if (events.length || state !== stock!.state) writeInTransaction(tx, db, stock!, state, events, now, ref.id);
    const before = levelsOf(stock!.state).available;
    const after = levelsOf(state).available;
    tx.create(ref, { kind: 'units', sku, ...JSON.parse(JSON.stringify(asked)), state: 'applied', day: now.toDate().toISOString().slice(0, 10), availableBefore: before, availableAfter: after, requestedBy: operator, appliedBy: operator, createdAt: now, appliedAt: now });
    const p = state.locations[asked.locationId]!;
    return {
      adjustmentId: ref.id,
      state: 'applied' as const,
      available: { before, after },
      position: { onHand: p.onHand, reserved: p.reserved ?? 0, damaged: p.damaged ?? 0, qualityControl: p.qualityControl ?? 0, incoming: p.incoming ?? 0, incomingAt: p.incomingAt ? new Date(p.incomingAt).toISOString() : null, safetyStock: p.safetyStock ?? null },
    };
  });
}
