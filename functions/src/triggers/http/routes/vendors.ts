/**
 * Vendor routes (`/v1/vendor/...`, a vendor user's ID token: everything acts for the token's
 * vendor, and another vendor's job answers 404) and the operator's vendor management
 * (`/v1/vendors/...`, the admin claim).
 */
import { stringify } from 'csv-stringify/sync';
import { requestAdjustment, adjustInput, DEFAULT_POLICY } from '../../../ops/adjustments';
import { feedHealth } from '../../../vendors/service';
import { exportVendorOffers } from '../../../ops/exports';
import { writeChunk } from '../stream';
import { vendorInput, vendorStatusInput, vendorUserInput } from '../../../vendors/schemas';
import { DomainError } from '../../../errors';
import { MAX_DROP_BYTES, MAX_DROP_ROWS } from '../../../ingest/drops';
import { reviewInput } from '../../../ingest/service';
import { send } from '../errors';
import { Principal, Route } from '../router';
import { secured } from './secured';
import { coverList } from '../../../events/consumers/cover';
import {
  CoverListSchema, coverQuery, AcceptedSchema, AdjustmentRequestedSchema, dropQuery, DryRunSchema, ErrorSchema, JobListSchema, JobSchema, jobPath, NewKeySchema, ReviewedSchema, skuPath, vendorJobsQuery, VendorListSchema, vendorPath,
  VendorSchema, VendorSelfSchema, VendorStatusSchema, VendorUserSchema,
} from '../api-schemas';

const NO_STORE = { 'cache-control': 'no-store' };

const vendorDoc = secured('vendor', 'vendors');
const operatorDoc = secured('operator', 'vendors');

/** The vendor the caller acts for (the guard established it). */
function vendorOf(p: Principal): string {
  if (p.kind !== 'vendor') throw new DomainError('permission-denied', 'a vendor user is required');
  return p.vendorId;
}

export const vendorRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/vendor/drops',
    doc: vendorDoc({
      summary: "Drop a stock file (the vendor panel's upload): a job through the same pipeline as a push",
      description: `The raw file as the body (text/csv or application/json, named by \`name\`), at most ${MAX_DROP_BYTES} bytes and ${MAX_DROP_ROWS} rows. Only \`sku\` and \`onHand\` are required; \`op\` defaults to upsert, \`locationId\` to main, \`seq\` and \`occurredAt\` to the time the file arrived. The same file (name and content) again answers with its first job. A file that cannot be read is a failed job naming line and field.`,
      query: dropQuery,
      body: { required: true, csv: 'a header row with at least `sku,onHand` (and optionally op, locationId, seq, occurredAt, reason, productId, condition, language, foil, signed, priceAmount, priceCurrency), one row per update' },
      responses: {
        200: { description: '`dryRun=true`: what the file would do; nothing is stored or applied', json: DryRunSchema },
        202: { description: 'a job: queued, held for review by the mass-change guard, or failed (a file that could not be read, its errors naming line and field)', json: AcceptedSchema },
        400: { description: 'a bad file name or query; with dryRun, a file that cannot be read', json: ErrorSchema },
        403: { description: 'the vendor is suspended', json: ErrorSchema },
        415: { description: 'a media type other than the file name says', json: ErrorSchema },
        429: { description: 'too many batches; retry after `retry-after` seconds', json: ErrorSchema },
      },
    }),
    async handle({ req, res, principal, query, app }) {
      const answer = await app.drops().upload(vendorOf(principal), String(query.name), req.rawBody ?? Buffer.alloc(0), {
        contentType: req.get('content-type') ?? null,
        dryRun: query.dryRun === 'true',
        ...(query.mode ? { mode: query.mode as 'update' | 'replace' } : {}),
      });
      send(res, 'dryRun' in answer ? 200 : 202, answer, NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/vendor/jobs/{jobId}/review',
    doc: vendorDoc({
      summary: 'Confirm or discard one of the vendor\'s batches that the mass-change guard held',
      params: jobPath,
      body: { required: true, json: reviewInput },
      responses: {
        200: { description: 'confirmed (queued to apply exactly as it would have) or discarded', json: ReviewedSchema },
        400: { description: 'a decision other than confirm or discard', json: ErrorSchema },
        404: { description: "no such job, or another vendor's", json: ErrorSchema },
        409: { description: 'the job is not held for review (`state`)', json: ErrorSchema },
      },
    }),
    async handle({ req, res, principal, params, uid, app }) {
      send(res, 200, await app.ingest().review(params.jobId!, req.body, uid, { vendorId: vendorOf(principal) }));
    },
  },
  {
    method: 'get',
    path: '/v1/vendor',
    doc: vendorDoc({ summary: 'The calling vendor: its document, feed health and signing keys (never their secrets)', responses: { 200: { description: 'the vendor', json: VendorSelfSchema }, 404: { description: 'the claim names no vendor', json: ErrorSchema } } }),
    async handle({ res, principal, app }) {
      const vendorId = vendorOf(principal);
      const [vendor, keys] = await Promise.all([app.vendors().get(vendorId), app.vendorKeys().list(vendorId)]);
      send(res, 200, { vendor, feed: feedHealth(vendor, Date.now()), keys }, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/vendor/jobs',
    doc: vendorDoc({ summary: "The vendor's push and drop jobs, newest first", query: vendorJobsQuery, responses: { 200: { description: 'its jobs', json: JobListSchema }, 400: { description: 'a bad limit', json: ErrorSchema } } }),
    async handle({ res, principal, query, app }) {
      send(res, 200, { items: await app.ingest().jobsOf(vendorOf(principal), (query.limit as number | undefined) ?? 50) }, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/vendor/cover',
    doc: vendorDoc({ summary: "The vendor's offers by days of cover or sales velocity", query: coverQuery, responses: { 200: { description: 'its offers that sold in the last 28 days', json: CoverListSchema }, 400: { description: 'a bad sort or limit', json: ErrorSchema } } }),
    async handle({ res, principal, query, app }) {
      send(res, 200, { items: await coverList(app.db(), { vendorId: vendorOf(principal), sort: (query.sort as 'cover' | 'velocity' | undefined) ?? 'cover', limit: (query.limit as number | undefined) ?? 100 }) }, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/vendor/jobs/{jobId}',
    doc: vendorDoc({ summary: "One of the vendor's jobs", params: jobPath, responses: { 200: { description: 'the job', json: JobSchema }, 404: { description: "no such job, or another vendor's", json: ErrorSchema } } }),
    async handle({ res, principal, params, app }) {
      send(res, 200, await app.ingest().job(params.jobId!, { vendorId: vendorOf(principal) }), NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/vendor/jobs/{jobId}/errors.csv',
    doc: vendorDoc({
      summary: "A job's error report: row number, field, message and the original line",
      params: jobPath,
      responses: { 200: { description: 'the report', text: 'text/csv' }, 404: { description: "no such job, or another vendor's", json: ErrorSchema } },
    }),
    async handle({ res, principal, params, app }) {
      const report = await app.ingest().errorReport(params.jobId!, vendorOf(principal));
      const csv = stringify(report.map((r) => [r.row, r.field, r.message, r.line]), { header: true, columns: ['row', 'field', 'message', 'line'] });
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="job-${params.jobId}-errors.csv"`, ...NO_STORE }).status(200).send(csv);
    },
  },
  {
    method: 'get',
    path: '/v1/vendor/offers.csv',
    doc: vendorDoc({ summary: "An export of the vendor's offers (streamed CSV)", responses: { 200: { description: 'its offers', text: 'text/csv' } } }),
    async handle({ res, principal, app }) {
      const vendorId = vendorOf(principal);
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${vendorId}-offers.csv"`, ...NO_STORE }).status(200);
      await exportVendorOffers(app.db(), vendorId, (chunk) => writeChunk(res, chunk));
      res.end();
    },
  },
  {
    method: 'post',
    path: '/v1/vendor/keys',
    doc: vendorDoc({
      summary: 'Create a push signing key, or rotate to a new one (the previous keys stay valid for the grace period)',
      responses: { 201: { description: 'the new key; its secret is shown this once', json: NewKeySchema }, 503: { description: 'vendor keys are not configured (no key-encryption key): fail closed', json: ErrorSchema } },
    }),
    async handle({ res, principal, uid, app }) {
      send(res, 201, await app.vendorKeys().rotate(vendorOf(principal), uid), NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/vendor/offers/{sku}/adjustments',
    doc: vendorDoc({
      summary: 'Ask for a manual count of one of the vendor\'s offers, with a reason code: an operator approves it',
      params: skuPath,
      body: { required: true, json: adjustInput.meta({ id: 'AdjustInput' }) },
      responses: {
        202: { description: 'waiting for an operator', json: AdjustmentRequestedSchema },
        400: { description: 'a body that does not validate, naming the field', json: ErrorSchema },
        404: { description: "no such offer, or another vendor's", json: ErrorSchema },
      },
    }),
    async handle({ req, res, principal, params, uid, app }) {
      send(res, 202, await requestAdjustment(app.db(), params.sku!, uid, req.body, app.config().lowStockThreshold, DEFAULT_POLICY, vendorOf(principal)));
    },
  },
  {
    method: 'get',
    path: '/v1/vendors',
    doc: operatorDoc({ summary: 'Every vendor, with its feed health', responses: { 200: { description: 'the vendors', json: VendorListSchema } } }),
    async handle({ res, app }) {
      send(res, 200, { items: await app.vendors().list() }, NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/vendors',
    doc: operatorDoc({
      summary: 'Create a vendor',
      body: { required: true, json: vendorInput, io: 'input' },
      responses: {
        201: { description: 'the vendor, active', json: VendorSchema },
        400: { description: 'a body that does not validate, naming the field', json: ErrorSchema },
        409: { description: 'the vendor exists', json: ErrorSchema },
      },
    }),
    async handle({ req, res, uid, app }) {
      send(res, 201, await app.vendors().create(req.body, uid));
    },
  },
  {
    method: 'post',
    path: '/v1/vendors/{vendorId}/users',
    doc: operatorDoc({
      summary: 'Create a vendor user (or give an existing user the vendorId claim)',
      params: vendorPath,
      body: { required: true, json: vendorUserInput },
      responses: {
        200: { description: 'the user', json: VendorUserSchema },
        400: { description: 'a body that does not validate, naming the field', json: ErrorSchema },
        404: { description: 'no such vendor', json: ErrorSchema },
        409: { description: "the user is an operator or another vendor's", json: ErrorSchema },
      },
    }),
    async handle({ req, res, params, app }) {
      send(res, 200, await app.vendors().addUser(params.vendorId!, req.body));
    },
  },
  {
    method: 'post',
    path: '/v1/vendors/{vendorId}/status',
    doc: operatorDoc({
      summary: 'Suspend a vendor (its pushes are refused, its offers stop selling) or reactivate it',
      params: vendorPath,
      body: { required: true, json: vendorStatusInput },
      responses: {
        200: { description: 'the new status and how many offers changed', json: VendorStatusSchema },
        400: { description: 'a body that does not validate, naming the field', json: ErrorSchema },
        404: { description: 'no such vendor', json: ErrorSchema },
      },
    }),
    async handle({ req, res, params, uid, app }) {
      send(res, 200, await app.vendors().setStatus(params.vendorId!, req.body, uid));
    },
  },
];
