/**
 * The versions of the WMS contract this connector speaks, and the check made on every page.
 *
 * A page says its version in the `WMS-Schema-Version` header or a `schemaVersion` body field; a
 * page that says neither is v1 (CONTRACT.md's shape, which has no version). The JSON Schema of
 * each version is generated from these zod schemas into `docs/wms-contract/` (a unit test keeps
 * them equal), so a WMS team can validate its pages without our code.
 *
 * Two kinds of trouble on a page are told apart:
 * - a malformed row (a bad value, a row of garbage): quarantined, the sync goes on (CONTRACT.md
 *   says to expect them);
 * - a changed contract (a version we do not speak, an envelope of another shape, or rows that are
 *   recognisably stock rows but lack a field the version requires, such as a renamed `onHand`):
 *   the page is refused whole with a ContractMismatchError, the cursor stays where it was, and
 *   the sync stops for this connector with an alert until the WMS or this connector changes.
 *   Quarantining every row instead would skip them: the cursor would move past changes that were
 *   never applied.
 * Added optional fields under a version we speak are allowed (a tolerant reader).
 */
import { z } from 'zod';
import { entityId } from '../domain/ids';
import { ContractMismatchError } from '../stock/contract-mismatch';

export const wmsRowV1 = z.object({
  sku: entityId,
  locationId: entityId,
  onHand: z.number().int().min(0).max(1_000_000_000),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  updatedAt: z.iso.datetime({ offset: true }),
  deleted: z.boolean().optional(),
  /** Optional: the WMS's reason for an adjustment (the count is then an `inventory.adjusted` event). */
  reason: z.string().min(1).max(64).optional(),
});

const units = z.number().int().min(0).max(1_000_000_000);

/**
 * v2 adds the item's GTIN (barcode), carried for reference, and the units of the count that must
 * not sell: `damaged` and `qualityControl` (part of onHand), `incoming` (not yet in onHand) with
 * `incomingAt`, and the SKU's `safetyStock` at the location. Absent: unchanged since the last count.
 */
export const wmsRowV2 = wmsRowV1.extend({
  gtin: z.string().regex(/^\d{8,14}$/, 'a GTIN of 8 to 14 digits').optional(),
  damaged: units.optional(),
  qualityControl: units.optional(),
  incoming: units.optional(),
  incomingAt: z.iso.datetime({ offset: true }).nullable().optional(),
  safetyStock: units.optional(),
});

export const WMS_CONTRACT_VERSIONS = [1, 2] as const;
export type WmsContractVersion = (typeof WMS_CONTRACT_VERSIONS)[number];

export const WMS_SCHEMA_HEADER = 'wms-schema-version';

const ROWS: Record<WmsContractVersion, z.ZodObject> = { 1: wmsRowV1, 2: wmsRowV2 };

function versionField(v: WmsContractVersion) {
  return v === 1 ? z.literal(1).optional() : z.literal(v);
}

function changesPage(v: WmsContractVersion) {
  return z.object({
    schemaVersion: versionField(v),
    changes: z.array(ROWS[v]),
    nextCursor: z.string().nullable(),
    hasMore: z.boolean(),
  });
}

function snapshotPage(v: WmsContractVersion) {
  return z.object({
    schemaVersion: versionField(v),
    items: z.array(ROWS[v]),
    nextPageToken: z.string().nullable().optional(),
  });
}

/** The rows' schema for a version (parsing row by row, so one bad row does not sink its page). */
export function rowSchema(v: WmsContractVersion): z.ZodObject {
  return ROWS[v];
}

/** The checked-in JSON Schema of one version: both pages of the feed, under `$defs`. */
export function wmsContractJsonSchema(v: WmsContractVersion): Record<string, unknown> {
  const opts = { target: 'draft-2020-12' as const, io: 'input' as const };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://inventory-sync.dev/schemas/wms/v${v}.json`,
    title: `WMS contract v${v}`,
    description:
      v === 1
        ? 'The WMS feed as CONTRACT.md states it. A page without a version is read as v1.'
        : `v${v}: v1 plus, per row, an optional \`gtin\` and the units that must not sell (\`damaged\`, \`qualityControl\`, \`incoming\` with \`incomingAt\`, \`safetyStock\`); every page says \`schemaVersion: ${v}\` (or the ${WMS_SCHEMA_HEADER} header).`,
    $defs: {
      changesPage: strip(z.toJSONSchema(changesPage(v), opts)),
      snapshotPage: strip(z.toJSONSchema(snapshotPage(v), opts)),
    },
    anyOf: [{ $ref: '#/$defs/changesPage' }, { $ref: '#/$defs/snapshotPage' }],
  };
}

function strip(s: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _unused, ...rest } = s;
  return rest;
}

/**
 * The version a page is in, from its header and body. Throws ContractMismatchError for a version
 * this connector does not speak, or a header and body that disagree.
 */
export function pageVersion(header: string | null, body: unknown): WmsContractVersion {
  const field = body && typeof body === 'object' && 'schemaVersion' in body ? (body as { schemaVersion: unknown }).schemaVersion : undefined;
  const h = header === null || header.trim() === '' ? undefined : header.trim().replace(/^v/i, '');
  const fromHeader = h === undefined ? undefined : Number(h);
  if (fromHeader !== undefined && field !== undefined && fromHeader !== field) {
    throw new ContractMismatchError(`WMS page says schema v${String(field)} in its body and v${h} in its ${WMS_SCHEMA_HEADER} header`, 'unsupported_version', String(field));
  }
  const v = field ?? fromHeader ?? 1;
  if (!(WMS_CONTRACT_VERSIONS as readonly unknown[]).includes(v)) {
    throw new ContractMismatchError(`WMS schema v${String(v)} not supported (this connector speaks ${WMS_CONTRACT_VERSIONS.map((x) => `v${x}`).join(', ')})`, 'unsupported_version', String(v));
  }
  return v as WmsContractVersion;
}

/** The page's envelope for its version; a different envelope is a changed contract. */
export function parseEnvelope<K extends 'changes' | 'items'>(body: unknown, v: WmsContractVersion, rowsKey: K): Record<K, unknown[]> & Record<string, unknown> {
  const rows = body && typeof body === 'object' ? (body as Record<string, unknown>)[rowsKey] : undefined;
  const envelope = (rowsKey === 'changes' ? changesPage(v) : snapshotPage(v)).extend({ [rowsKey]: z.array(z.unknown()) });
  const r = envelope.safeParse(body);
  if (!r.success || !Array.isArray(rows)) {
    const issue = r.success ? { path: [rowsKey], message: 'not an array' } : r.error.issues[0]!;
    throw new ContractMismatchError(`WMS page does not match schema v${v}: \`${issue.path.join('.') || '(page)'}\` ${issue.message}`, 'shape_changed', String(v));
  }
  return r.data as Record<K, unknown[]> & Record<string, unknown>;
}

const IDENTITY = ['sku', 'locationId'] as const;

/**
 * Whether the page's rows changed shape: more than half of them are stock rows (they carry `sku`
 * or `locationId`) that lack the same required field(s). Answers the description, or null.
 * A row of garbage, or a row with a bad value, is a malformed row and does not count.
 */
export function shapeChange(rows: readonly unknown[], v: WmsContractVersion): string | null {
  if (!rows.length) return null;
  const shape = ROWS[v].shape as Record<string, z.ZodType>;
  const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
  const known = new Set(Object.keys(shape));
  const signatures = new Map<string, { missing: string[]; extra: Set<string>; n: number }>();
  for (const row of rows) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) continue;
    const keys = Object.keys(row);
    if (!IDENTITY.some((k) => keys.includes(k))) continue;
    const missing = required.filter((k) => !keys.includes(k));
    if (!missing.length) continue;
    const sig = missing.join(',');
    const s = signatures.get(sig) ?? { missing, extra: new Set<string>(), n: 0 };
    s.n++;
    for (const k of keys) if (!known.has(k)) s.extra.add(k);
    signatures.set(sig, s);
  }
  for (const s of signatures.values()) {
    if (s.n * 2 > rows.length) {
      const extra = [...s.extra].sort();
      return (
        `WMS rows no longer match schema v${v}: ${s.n} of ${rows.length} lack ${s.missing.map((k) => `\`${k}\``).join(', ')}` +
        (extra.length ? ` and carry ${extra.map((k) => `\`${k}\``).join(', ')} instead` : '')
      );
    }
  }
  return null;
}

/** Checks a page: its version, its envelope and its rows' shape. Answers the version and the raw rows. */
export function checkPage<K extends 'changes' | 'items'>(header: string | null, body: unknown, rowsKey: K): { version: WmsContractVersion; page: Record<K, unknown[]> & Record<string, unknown> } {
  const version = pageVersion(header, body);
  const page = parseEnvelope(body, version, rowsKey);
  const changed = shapeChange(page[rowsKey], version);
  if (changed) throw new ContractMismatchError(changed, 'shape_changed', String(version));
  return { version, page };
}
