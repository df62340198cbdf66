/** Push-ingestion payloads. Row errors are reported as { index, field, message }. */
import { z } from 'zod';
import { entityId, sourceId, tokenId } from '../domain/ids';

export const MAX_ROWS = 5000;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const envelopeSchema = z.object({
  source: sourceId,
  batchId: tokenId,
  updates: z.array(z.unknown()).min(1, 'must contain at least one update').max(MAX_ROWS, `must contain at most ${MAX_ROWS} updates`),
});

/** CSV cells arrive as strings: numbers are coerced, but only from plain integers. */
const intCell = (label: string) =>
  z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), z.number({ error: `${label} must be an integer` }).int(`${label} must be an integer`));

export const rowSchema = z
  .object({
    op: z.enum(['upsert', 'delete'], { error: 'must be "upsert" or "delete"' }),
    sku: entityId,
    locationId: entityId,
    // An empty CSV cell means absent (a delete needs no count).
    onHand: z.preprocess((v) => (v === '' ? undefined : v), intCell('onHand').pipe(z.number().int().min(0, 'must be >= 0').max(1_000_000_000, 'must be at most 1000000000')).optional()),
    seq: intCell('seq').pipe(z.number().int().min(0, 'must be >= 0')),
    occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
    /** Optional: why the count changed (an adjustment); an empty CSV cell means none. */
    reason: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(64, 'at most 64 characters').optional()),
  })
  .superRefine((r, ctx) => {
    if (r.op === 'upsert' && r.onHand === undefined) ctx.addIssue({ code: 'custom', path: ['onHand'], message: 'is required for upsert' });
  });

export type IngestRow = z.infer<typeof rowSchema>;

export interface RowError {
  index: number;
  field: string;
  message: string;
}
