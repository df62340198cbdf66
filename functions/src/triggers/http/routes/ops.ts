/** Operator routes (admin claim): manual adjustments, reconciliation, exports. */
import { isEntityId } from '../../../domain/ids';
import { DomainError } from '../../../errors';
import { adjustInput, approveAdjustment, requestAdjustment } from '../../../ops/adjustments';
import { EXPORTS, ExportKind, exportCsv } from '../../../ops/exports';
import { runRef, startRun } from '../../../ops/reconcile';
import { parseOrRefuse } from '../../../zod-errors';
import { plainJson } from '../../../adapters/plain-json';
import { getStockDetail } from '../../../stock/stock-reads';
import { skuHistory } from '../../../ops/history';
import { acknowledgeAlert } from '../../../adapters/alerts';
import { flushMetrics, prometheusText, totalsRefs } from '../../../adapters/metrics';
import { sumTotals } from '../../../domain/metric-totals';
import { readSyncHealth } from '../../../sync/sync-state';
import { busFigures } from '../../../adapters/bus-ledger';
import { readSloReport } from '../../../ops/slo-report';
import { readTrace } from '../../../adapters/tracing';
import { allocationConfigSchema, loadAllocation, saveAllocation } from '../../../adapters/allocation-config';
import { changeUnitStates, unitStatesInput } from '../../../ops/unit-states';
import { coverList } from '../../../events/consumers/cover';
import { send } from '../errors';
import { writeChunk } from '../stream';
import { Route } from '../router';
import { secured } from './secured';
import {
  AllocationConfigSchema, CoverListSchema, coverQuery, UnitStatesChangedSchema, AcknowledgedSchema, BusHealthSchema, SloReportSchema, TraceSchema, tracePath, adjustmentPath, AdjustmentSchema, alertPath, ApprovedSchema, ErrorSchema, exportPath, exportQuery, HistorySchema,
  historyQuery, runInput, runPath, RunQueuedSchema, RunSchema, skuPath, StockDetailSchema, SyncHealthSchema,
} from '../api-schemas';

const NO_STORE = { 'cache-control': 'no-store' };

/** An operator route's documentation: the operator token, and its 401 and 403. */
const operator = secured('operator', 'operations');

export const opsRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/inventory/{sku}/detail',
    doc: operator({
      summary: 'One SKU with its private bookkeeping',
      params: skuPath,
      responses: { 200: { description: 'the SKU as an operator sees it', json: StockDetailSchema }, 400: { description: 'not a SKU id', json: ErrorSchema }, 404: { description: 'unknown SKU', json: ErrorSchema } },
    }),
    async handle({ res, params, app }) {
      const sku = params.sku!;
      const detail = await getStockDetail(app.db(), sku, app.config().lowStockThreshold);
      if (!detail) throw new DomainError('not-found', `unknown SKU ${sku}`);
      send(res, 200, detail, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/inventory/{sku}/history',
    doc: operator({
      summary: 'The trail of one SKU, newest first',
      params: skuPath,
      query: historyQuery,
      responses: { 200: { description: 'counts received, changes made and rows refused', json: HistorySchema }, 400: { description: 'not a SKU id, or a bad limit', json: ErrorSchema } },
    }),
    async handle({ res, params, query, app }) {
      const sku = params.sku!;
      const limit = (query.limit as number | undefined) ?? 100;
      send(res, 200, await skuHistory(app.db(), sku, limit), NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/alerts/{alertId}/acknowledge',
    doc: operator({
      summary: 'Take an open alert (it stays open until its condition clears)',
      params: alertPath,
      responses: { 200: { description: 'acknowledged', json: AcknowledgedSchema }, 404: { description: 'no such alert', json: ErrorSchema }, 409: { description: 'the alert is resolved', json: ErrorSchema } },
    }),
    /** The alert inbox: an operator takes an open alert (it stays open until its condition clears). */
    async handle({ res, params, uid, app }) {
      if (!isEntityId(params.alertId!)) throw new DomainError('not-found', 'no such alert');
      send(res, 200, await acknowledgeAlert(app.db(), params.alertId!, uid));
    },
  },
  {
    method: 'get',
    path: '/v1/metrics',
    doc: operator({
      summary: "The metrics' running totals as Prometheus text",
      responses: { 200: { description: 'Prometheus text exposition format 0.0.4', text: 'text/plain; version=0.0.4' } },
    }),
    /** Prometheus text of the running totals every instance adds to (adapters/metrics.ts says why). */
    async handle({ res, app }) {
      await flushMetrics();
      const shards = await app.db().getAll(...totalsRefs(app.db()));
      res.set({ 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }).status(200).send(prometheusText(sumTotals(shards.map((s) => s.data() ?? {}))));
    },
  },
  {
    method: 'get',
    path: '/v1/sync/health',
    doc: operator({
      summary: 'The sync as an operator sees it: status, raw error, breaker, last cycle, rollout',
      responses: { 200: { description: 'the polling connector', json: SyncHealthSchema } },
    }),
    async handle({ res, app }) {
      send(res, 200, await readSyncHealth(app.db()), NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/bus/health',
    doc: operator({
      summary: 'The event bus per subscription: backlog, oldest unacknowledged age, dead letters',
      responses: { 200: { description: 'every watched subscription', json: BusHealthSchema } },
    }),
    async handle({ res, app }) {
      send(res, 200, { source: 'ledger', subscriptions: await busFigures(app.db()) }, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/traces/{traceId}',
    doc: operator({
      summary: 'One trace, every span of it (the local exporter; production traces are in Cloud Trace)',
      params: tracePath,
      responses: { 200: { description: 'the spans, oldest first', json: TraceSchema }, 400: { description: 'not a trace id', json: ErrorSchema }, 404: { description: 'no span of that trace', json: ErrorSchema } },
    }),
    async handle({ res, params, app }) {
      const spans = await readTrace(app.db(), params.traceId!);
      if (!spans.length) throw new DomainError('not-found', `no span of trace ${params.traceId!} (not sampled, not yet exported, or older than 7 days)`);
      send(res, 200, { traceId: params.traceId!, spans }, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/slos',
    doc: operator({
      summary: "The SLOs: each objective's budget left and its burn rate over the last hour, from the stored metrics",
      responses: { 200: { description: 'every SLO (domain/slo.ts)', json: SloReportSchema } },
    }),
    async handle({ res, app }) {
      await flushMetrics();
      send(res, 200, await readSloReport(app.db()), NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/inventory/{sku}/reconcile',
    doc: operator({
      summary: 'A manual count with a reason code; large changes wait for a second operator',
      params: skuPath,
      body: { required: true, json: adjustInput },
      responses: {
        200: { description: 'applied, or pending approval', json: AdjustmentSchema },
        400: { description: 'bad input, naming the field', json: ErrorSchema },
        404: { description: 'unknown SKU', json: ErrorSchema },
      },
    }),
    async handle({ req, res, params, uid, app }) {
      const sku = params.sku!;
      send(res, 200, await requestAdjustment(app.db(), sku, uid, req.body, app.config().lowStockThreshold));
    },
  },
  {
    method: 'post',
    path: '/v1/inventory/{sku}/units',
    doc: operator({
      summary: 'Move units between sellable, damaged and quality control, or set incoming units and safety stock, with a reason code',
      params: skuPath,
      body: { required: true, json: unitStatesInput },
      responses: {
        200: { description: 'applied (onHand does not change, so no approval)', json: UnitStatesChangedSchema },
        400: { description: 'bad input, naming the field', json: ErrorSchema },
        404: { description: 'unknown SKU', json: ErrorSchema },
        409: { description: 'not that many units in the state moved from (`move.quantity`)', json: ErrorSchema },
      },
    }),
    async handle({ req, res, params, uid, app }) {
      send(res, 200, await changeUnitStates(app.db(), params.sku!, uid, req.body, app.config().lowStockThreshold));
    },
  },
  {
    method: 'get',
    path: '/v1/allocation',
    doc: operator({ summary: 'The sales channels, locations and allocation rules in force', responses: { 200: { description: 'the config', json: AllocationConfigSchema } } }),
    async handle({ res, app }) {
      const { cfg, configured } = await loadAllocation(app.db(), Date.now() + 60_000);
      send(res, 200, { configured, config: cfg }, NO_STORE);
    },
  },
  {
    method: 'put',
    path: '/v1/allocation',
    doc: operator({
      summary: 'Replace the sales channels, locations and allocation rules (checked whole; takes effect within seconds on every instance)',
      body: { required: true, json: allocationConfigSchema },
      responses: { 200: { description: 'stored and in force', json: AllocationConfigSchema }, 400: { description: 'bad config, naming each field', json: ErrorSchema } },
    }),
    async handle({ req, res, uid, app }) {
      const parsed = parseOrRefuse(allocationConfigSchema, req.body, '(body)');
      send(res, 200, { configured: true, config: await saveAllocation(app.db(), parsed, uid) }, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/cover',
    doc: operator({ summary: 'Sales velocity (7 and 28 days, per channel) and days of cover, sorted by cover or velocity', query: coverQuery, responses: { 200: { description: 'SKUs that sold in the last 28 days', json: CoverListSchema }, 400: { description: 'a bad sort or limit', json: ErrorSchema } } }),
    async handle({ res, query, app }) {
      send(res, 200, { items: await coverList(app.db(), { sort: (query.sort as 'cover' | 'velocity' | undefined) ?? 'cover', limit: (query.limit as number | undefined) ?? 100 }) }, NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/adjustments/{adjustmentId}/approve',
    doc: operator({
      summary: 'A second operator approves a pending adjustment',
      params: adjustmentPath,
      responses: {
        200: { description: 'applied', json: ApprovedSchema },
        403: { description: 'the requester cannot approve their own adjustment (or no admin claim)', json: ErrorSchema },
        404: { description: 'no such adjustment', json: ErrorSchema },
        409: { description: 'not pending, or the count moved since the request (`reason: count_moved`)', json: ErrorSchema },
      },
    }),
    async handle({ res, params, uid, app }) {
      if (!isEntityId(params.adjustmentId!)) throw new DomainError('not-found', 'no such adjustment');
      send(res, 200, await approveAdjustment(app.db(), params.adjustmentId!, uid, app.config().lowStockThreshold));
    },
  },
  {
    method: 'post',
    path: '/v1/reconciliation/run',
    doc: operator({
      summary: 'Start a background reconciliation against the WMS',
      body: { required: false, json: runInput },
      responses: {
        202: { description: 'queued; follow `status`', json: RunQueuedSchema },
        400: { description: 'bad input', json: ErrorSchema },
        409: { description: 'a run is in progress (`runId`)', json: ErrorSchema },
      },
    }),
    /** Background work: the run record first, then a task; the answer comes before any reading. */
    async handle({ req, res, uid, app }) {
      const { fix } = parseOrRefuse(runInput, req.body ?? {}, '(body)');
      const { runId } = await startRun(app.db(), (id) => app.enqueueReconciliation(id), { fix, requestedBy: uid });
      send(res, 202, { runId, state: 'queued', status: `/v1/reconciliation/runs/${runId}` });
    },
  },
  {
    method: 'get',
    path: '/v1/reconciliation/runs/{runId}',
    doc: operator({
      summary: 'A reconciliation run: state, phase, progress and results',
      params: runPath,
      responses: { 200: { description: 'the run', json: RunSchema }, 404: { description: 'no such run', json: ErrorSchema } },
    }),
    async handle({ res, params, app }) {
      if (!isEntityId(params.runId!)) throw new DomainError('not-found', 'no such run');
      const run = await runRef(app.db(), params.runId!).get();
      if (!run.exists) throw new DomainError('not-found', 'no such run');
      send(res, 200, plainJson(run.data()!), NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/exports/{kind}',
    doc: operator({
      summary: 'A CSV export, streamed',
      params: exportPath,
      query: exportQuery,
      responses: {
        200: { description: 'CSV (formula-like cells neutralised)', text: 'text/csv' },
        400: { description: 'not a run id', json: ErrorSchema },
        404: { description: 'no such export', json: ErrorSchema },
      },
    }),
    async handle({ res, params, query, app }) {
      const kind = params.kind!.replace(/\.csv$/, '') as ExportKind;
      if (!EXPORTS.includes(kind)) throw new DomainError('not-found', `no export ${kind}; one of ${EXPORTS.join(', ')}`);
      const runId = query.runId as string | undefined;
      // Streamed a page at a time: memory stays bounded whatever the catalogue's size.
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${kind}.csv"`, 'cache-control': 'no-store' }).status(200);
      await exportCsv(app.db(), kind, (chunk) => writeChunk(res, chunk), runId);
      res.end();
    },
  },
];
