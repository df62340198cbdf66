/** The vendor SDK: `new VendorClient({ baseUrl, vendorId, key }).push(updates)`. */
export { VendorClient, ApiError, MAX_BATCH_ROWS } from './client.js';
export type { VendorClientOptions, PushOptions, PushResult } from './client.js';
export { parseStockCsv } from './csv.js';
export type { ParsedRows, RowProblem } from './csv.js';
export { signRequest, canonicalRequest, SIGNATURE_HEADER, SOURCE_HEADER, BATCH_HEADER } from './signing.js';
export type { VendorUpdate, Accepted, DryRun, Job, FeedDiff, RowError } from './types.js';
