/** Operator routes (admin claim): manual adjustments, reconciliation, exports. */
import { firestore } from '../../../adapters/firebase';
import { isEntityId } from '../../../domain/ids';
import { DomainError } from '../../../errors';
import { z } from 'zod';
import { config } from '../../../app';
import { approveAdjustment, requestAdjustment } from '../../../ops/adjustments';
import { EXPORTS, ExportKind, exportCsv } from '../../../ops/exports';
import { activeRun, createRun, runRef } from '../../../ops/reconcile';
import { enqueueReconciliation } from '../../../adapters/reconcile-tasks';
import { fieldErrors, describe } from '../../../zod-errors';
import { plainJson } from '../../../adapters/plain-json';
import { getStockDetail } from '../../../stock/stock-reads';
import { skuHistory } from '../../../ops/history';
import { acknowledgeAlert } from '../../../adapters/alerts';
import { flushMetrics, prometheusText, sumTotals, totalsRefs } from '../../../adapters/metrics';
import { readSyncHealth } from '../../../sync/sync-state';
import { operatorUid } from '../operator';
import { send } from '../errors';
import { Route } from '../router';

const NO_STORE = { 'cache-control': 'no-store' };

const runInput = z.object({ fix: z.boolean().default(true) }).strict();

/** Writes a chunk, waiting for the socket to drain when the client reads slower than we write. */
function writeChunk(res: import('express').Response, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.write(chunk)) return resolve();
    res.once('drain', resolve);
    res.once('error', reject);
  });
}

/** The `{sku}` of a route, refused as bad input (naming the field) unless it is a SKU id. */
function skuParam(params: Record<string, string>): string {
  const sku = params.sku!;
  if (!isEntityId(sku)) throw new DomainError('invalid-argument', 'sku: is not a SKU id', { errors: [{ field: 'sku', message: 'is not a SKU id' }] });
  return sku;
}

export const opsRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/inventory/{sku}/detail',
    async handle({ req, res, params }) {
      await operatorUid(req);
      const sku = skuParam(params);
      const detail = await getStockDetail(firestore(), sku, config().lowStockThreshold);
      if (!detail) throw new DomainError('not-found', `unknown SKU ${sku}`);
      send(res, 200, detail, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/inventory/{sku}/history',
    async handle({ req, res, params }) {
      await operatorUid(req);
      const sku = skuParam(params);
      const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new DomainError('invalid-argument', 'limit: an integer from 1 to 500', { errors: [{ field: 'limit', message: 'an integer from 1 to 500' }] });
      send(res, 200, await skuHistory(firestore(), sku, limit), NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/alerts/{alertId}/acknowledge',
    /** The alert inbox: an operator takes an open alert (it stays open until its condition clears). */
    async handle({ req, res, params }) {
      const uid = await operatorUid(req);
      if (!isEntityId(params.alertId!)) throw new DomainError('not-found', 'no such alert');
      send(res, 200, await acknowledgeAlert(firestore(), params.alertId!, uid));
    },
  },
  {
    method: 'get',
    path: '/v1/metrics',
    /** Prometheus text of the running totals every instance adds to (adapters/metrics.ts says why). */
    async handle({ req, res }) {
      await operatorUid(req);
      await flushMetrics();
      const shards = await firestore().getAll(...totalsRefs(firestore()));
      res.set({ 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }).status(200).send(prometheusText(sumTotals(shards.map((s) => s.data() ?? {}))));
    },
  },
  {
    method: 'get',
    path: '/v1/sync/health',
    async handle({ req, res }) {
      await operatorUid(req);
      send(res, 200, await readSyncHealth(firestore()), NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/inventory/{sku}/reconcile',
    async handle({ req, res, params }) {
      const uid = await operatorUid(req);
      const sku = skuParam(params);
      send(res, 200, await requestAdjustment(firestore(), sku, uid, req.body, config().lowStockThreshold));
    },
  },
  {
    method: 'post',
    path: '/v1/adjustments/{adjustmentId}/approve',
    async handle({ req, res, params }) {
      const uid = await operatorUid(req);
      if (!isEntityId(params.adjustmentId!)) throw new DomainError('not-found', 'no such adjustment');
      send(res, 200, await approveAdjustment(firestore(), params.adjustmentId!, uid, config().lowStockThreshold));
    },
  },
  {
    method: 'post',
    path: '/v1/reconciliation/run',
    /** Background work: the run record first, then a task; the answer comes before any reading. */
    async handle({ req, res }) {
      const uid = await operatorUid(req);
      const body = runInput.safeParse(req.body ?? {});
      if (!body.success) {
        const errors = fieldErrors(body.error, '(body)');
        throw new DomainError('invalid-argument', describe(errors), { errors });
      }
      const db = firestore();
      const running = await activeRun(db);
      if (running) throw new DomainError('failed-precondition', `reconciliation ${running} is in progress`, { runId: running });
      const runId = await createRun(db, { fix: body.data.fix, trigger: 'on_demand', requestedBy: uid });
      try {
        await enqueueReconciliation(runId);
      } catch (err) {
        await runRef(db, runId).update({ state: 'failed', error: `could not be queued: ${err instanceof Error ? err.message : String(err)}` });
        throw err;
      }
      send(res, 202, { runId, state: 'queued', status: `/v1/reconciliation/runs/${runId}` });
    },
  },
  {
    method: 'get',
    path: '/v1/reconciliation/runs/{runId}',
    async handle({ req, res, params }) {
      await operatorUid(req);
      if (!isEntityId(params.runId!)) throw new DomainError('not-found', 'no such run');
      const run = await runRef(firestore(), params.runId!).get();
      if (!run.exists) throw new DomainError('not-found', 'no such run');
      send(res, 200, plainJson(run.data()!), NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/exports/{kind}',
    async handle({ req, res, params }) {
      await operatorUid(req);
      const kind = params.kind!.replace(/\.csv$/, '') as ExportKind;
      if (!EXPORTS.includes(kind)) throw new DomainError('not-found', `no export ${kind}; one of ${EXPORTS.join(', ')}`);
      const runId = typeof req.query.runId === 'string' ? req.query.runId : undefined;
      if (runId !== undefined && !isEntityId(runId)) throw new DomainError('invalid-argument', 'runId: is not a run id', { errors: [{ field: 'runId', message: 'is not a run id' }] });
      // Streamed a page at a time: memory stays bounded whatever the catalogue's size.
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${kind}.csv"`, 'cache-control': 'no-store' }).status(200);
      await exportCsv(firestore(), kind, (chunk) => writeChunk(res, chunk), runId);
      res.end();
    },
  },
];
