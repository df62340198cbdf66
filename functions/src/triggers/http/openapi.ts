/**
 * docs/openapi.json, generated from the routes' documentation and the zod schemas they validate
 * with (`npm run openapi`). OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod emits, so the
 * schemas go in unchanged; schemas with an `id` become `components.schemas`.
 */
import { z } from 'zod';
import type { Route, RouteDoc, Security } from './router';
import { SIGNATURE_HEADER, WINDOW_SECONDS } from '../../ingest/signature';
import { PAYMENT_SIGNATURE_HEADER } from '../../checkout/payment-intents';

type Json = Record<string, unknown>;

const SECURITY: Record<Security, Json[]> = {
  none: [],
  operator: [{ operatorToken: [] }],
  vendor: [{ vendorToken: [] }],
  ingest: [{ inventorySignature: [] }],
  ingestOrOperator: [{ inventorySignature: [] }, { operatorToken: [] }],
  payment: [{ paymentSignature: [] }],
};

const SECURITY_SCHEMES = {
  inventorySignature: {
    type: 'apiKey',
    in: 'header',
    name: SIGNATURE_HEADER,
    description:
      't=<unix seconds>,v2=<hex HMAC-SHA256(secret, t\\nMETHOD\\n/v1 path\\nraw query\\nx-inventory-source:<v>\\nx-inventory-batch-id:<v>\\n + rawBody)> ' +
      '(required for CSV, for any query string or batch header, and for GET /v1/jobs/{jobId}), or t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)> ' +
      `for a JSON push with no query. Refused when older or newer than ${WINDOW_SECONDS / 60} minutes, and when used before (replay).`,
  },
  operatorToken: { type: 'http', scheme: 'bearer', description: 'A Firebase ID token with the `admin` custom claim.' },
  vendorToken: { type: 'http', scheme: 'bearer', description: "A vendor user's Firebase ID token (the `vendorId` custom claim): the vendor routes act for that vendor only." },
  paymentSignature: {
    type: 'apiKey',
    in: 'header',
    name: PAYMENT_SIGNATURE_HEADER,
    description: "t=<unix seconds>,v1=<hex HMAC-SHA256(payment webhook secret, t + \".\" + rawBody)>, the provider's own secret.",
  },
};

/** Collects the `id`-ed schemas every conversion finds, under one name each. */
class Components {
  readonly schemas: Record<string, Json> = {};

  /** A zod schema as JSON Schema, its `id`-ed parts moved to components and referenced. */
  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { $schema: _, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw', reused: 'inline' }) as Json & { $defs?: Record<string, Json> };
    for (const [id, def] of Object.entries($defs ?? {})) this.add(id, relink(def) as Json);
    // A schema that is itself a component comes back as a reference to it.
    return relink(rest) as Json;
  }

  private add(id: string, def: Json): void {
    const had = this.schemas[id];
    if (had && JSON.stringify(had) !== JSON.stringify(def)) throw new Error(`two different schemas are named ${id}`);
    this.schemas[id] = def;
  }
}

/** `#/$defs/X` (zod's local references) as `#/components/schemas/X`. */
function relink(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(relink);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? x.replace(/^#\/\$defs\//, '#/components/schemas/') : relink(x)]),
    );
  }
  return v;
}

function parameters(c: Components, where: 'path' | 'query', schema: z.ZodObject | undefined): Json[] {
  if (!schema) return [];
  const json = c.convert(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

function operation(c: Components, r: Route): Json {
  const d: RouteDoc = r.doc;
  const headers = Object.entries(d.headers ?? {}).map(([name, h]) => ({ name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string' } }));
  const params = [...parameters(c, 'path', d.params), ...parameters(c, 'query', d.query), ...headers];
  const content: Json = {};
  if (d.body?.json) content['application/json'] = { schema: c.convert(d.body.json, d.body.io ?? 'input') };
  if (d.body?.csv) content['text/csv'] = { schema: { type: 'string', description: d.body.csv } };
  const responses = Object.fromEntries(
    Object.entries(d.responses)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, res]) => {
        const body = {
          ...(res.json ? { 'application/json': { schema: c.convert(res.json, 'output') } } : {}),
          ...(res.text ? { [res.text]: { schema: { type: 'string' } } } : {}),
        };
        return [status, { description: res.description, ...(Object.keys(body).length ? { content: body } : {}) }];
      }),
  );
  return {
    operationId: `${r.method}${r.path.replace(/\{([^}]+)\}/g, 'By-$1').split(/[/.-]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`,
    summary: d.summary,
    ...(d.description ? { description: d.description } : {}),
    tags: [d.tag],
    security: SECURITY[d.security],
    ...(params.length ? { parameters: params } : {}),
    ...(d.body ? { requestBody: { required: d.body.required, content } } : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly Route[]): Json {
  const c = new Components();
  const paths: Record<string, Json> = {};
  for (const r of [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))) {
    (paths[r.path] ??= {})[r.method] = operation(c, r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inventory sync API',
      version: '1.0.0',
      description: 'The `api` HTTPS function. Generated from the zod schemas the routes validate with (`npm run openapi`); do not edit by hand.',
    },
    servers: [
      { url: 'http://127.0.0.1:5001/demo-inventory/us-central1/api', description: 'the Functions emulator (npm start)' },
      { url: '/api', description: 'behind the Hosting rewrite' },
    ],
    tags: [
      { name: 'push', description: 'signed push ingestion and job status' },
      { name: 'stock', description: 'stock as storefronts see it' },
      { name: 'operations', description: 'operator routes (admin claim)' },
      { name: 'payments', description: "the payment provider's webhook" },
    ],
    paths,
    components: { schemas: Object.fromEntries(Object.entries(c.schemas).sort(([a], [b]) => a.localeCompare(b))), securitySchemes: SECURITY_SCHEMES },
  };
}
