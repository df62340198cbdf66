/** GET /v1/inventory/{sku} and GET /v1/inventory?skus=…: stock as storefronts see it, with freshness. */
import { isEntityId } from '../../../domain/ids';
import { DomainError } from '../../../errors';
import { getStock, getStocks, MAX_BULK } from '../../../stock/stock-reads';
import { bulkQuery, ErrorSchema, skuPath, StockListSchema, StockSchema } from '../api-schemas';
import { send } from '../errors';
import { Route } from '../router';

const NO_STORE = { 'cache-control': 'no-store' };

function invalid(message: string): DomainError {
  return new DomainError('invalid-argument', `skus: ${message}`, { errors: [{ field: 'skus', message }] });
}

export const stockRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/inventory',
    doc: {
      summary: 'Read up to 1,000 SKUs at once',
      tag: 'stock',
      security: 'none',
      query: bulkQuery,
      responses: {
        200: { description: 'the SKUs that exist, the ones that do not, and the freshness', json: StockListSchema },
        400: { description: 'no skus, more than 1,000, or one that is not a SKU id', json: ErrorSchema },
      },
    },
    async handle({ res, query, app }) {
      const skus = [...new Set(String(query.skus).split(',').map((s) => s.trim()).filter(Boolean))];
      if (!skus.length) throw invalid('is required');
      if (skus.length > MAX_BULK) throw invalid(`at most ${MAX_BULK} skus per request`);
      const bad = skus.find((s) => !isEntityId(s));
      if (bad !== undefined) throw invalid(`invalid sku ${bad}`);
      send(res, 200, await getStocks(app.db(), skus), NO_STORE);
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
      responses: {
        200: { description: 'the SKU, with freshness derived at read time', json: StockSchema },
        400: { description: 'the path is not a SKU id', json: ErrorSchema },
        404: { description: 'unknown SKU', json: ErrorSchema },
      },
    },
    async handle({ res, params, app }) {
      const stock = await getStock(app.db(), params.sku!);
      if (!stock) throw new DomainError('not-found', `unknown SKU ${params.sku}`);
      send(res, 200, stock, NO_STORE);
    },
  },
];
