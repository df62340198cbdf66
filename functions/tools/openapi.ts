/** Writes docs/openapi.json from the routes and their zod schemas (a unit test keeps them equal). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../src/triggers/http/openapi';
import { API_ROUTES } from '../src/triggers/http/routes';

const out = path.resolve(__dirname, '../../docs/openapi.json');
writeFileSync(out, JSON.stringify(openApiDocument(API_ROUTES), null, 2) + '\n');
console.log(`wrote ${out}`);
