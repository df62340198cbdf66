/** GET /v1/inventory/{sku} and GET /v1/inventory?skus=…: stock as storefronts see it, with freshness. */
import { isEntityId } from '../../../domain/ids';
import { DomainError } from '../../../errors';
import { getStock, getStocks, MAX_BULK } from '../../../stock/stock-reads';
import { bulkQuery, channelQuery, ErrorSchema, skuPath, StockListSchema, StockSchema } from '../api-schemas';
import { loadAllocation } from '../../../adapters/allocation-config';
import { Firestore } from 'firebase-admin/firestore';
import { send } from '../errors';
import { Route } from '../router';

const NO_STORE = { 'cache-control': 'no-store' };

function invalid(message: string): DomainError {
  return new DomainError('invalid-argument', `skus: ${message}`, { errors: [{ field: 'skus', message }] });
}

/** The channel asked for, checked against the configured ones (400 naming `channel` when unknown). */
async function channelOf(db: Firestore, query: Record<string, unknown>): Promise<string | undefined> {
  const channel = query.channel as string | undefined;
  if (channel === undefined) return undefined;
  const { cfg } = await loadAllocation(db);
  if (!cfg.channels[channel]) throw new DomainError('invalid-argument', `channel: unknown channel ${channel}`, { errors: [{ field: 'channel', message: `unknown channel (known: ${Object.keys(cfg.channels).sort().join(', ')})` }] });
  return channel;
}

export const stockRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/inventory',
    doc: {
      summary: 'Read up to 1,000 SKUs at once',
      tag: 'stock',
      security: 'none',
      query: bulkQuery.extend(channelQuery.shape),
      responses: {
        200: { description: 'the SKUs that exist, the ones that do not, and the freshness', json: StockListSchema },
        400: { description: 'no skus, more than 1,000, one that is not a SKU id, or an unknown channel', json: ErrorSchema },
      },
    },
    async handle({ res, query, app }) {
      const skus = [...new Set(String(query.skus).split(',').map((s) => s.trim()).filter(Boolean))];
      if (!skus.length) throw invalid('is required');
      if (skus.length > MAX_BULK) throw invalid(`at most ${MAX_BULK} skus per request`);
      const bad = skus.find((s) => !isEntityId(s));
      if (bad !== undefined) throw invalid(`invalid sku ${bad}`);
      send(res, 200, await getStocks(app.db(), skus, await channelOf(app.db(), query)), NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/inventory/{sku}',
    doc: {
      summary: 'Read one SKU',
      tag: 'stock',
      security: 'none',
      params: skuPath,
      query: channelQuery,
      responses: {
        200: { description: 'the SKU, with freshness derived at read time', json: StockSchema },
        400: { description: 'the path is not a SKU id, or an unknown channel', json: ErrorSchema },
        404: { description: 'unknown SKU', json: ErrorSchema },
      },
    },
    async handle({ res, params, query, app }) {
      const stock = await getStock(app.db(), params.sku!, await channelOf(app.db(), query));
      if (!stock) throw new DomainError('not-found', `unknown SKU ${params.sku}`);
      send(res, 200, stock, NO_STORE);
    },
  },
];
