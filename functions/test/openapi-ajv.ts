/**
 * ajv over docs/openapi.json (strict JSON Schema 2020-12, what OpenAPI 3.1 uses): the document's
 * components are registered once, and any schema in it compiles with its `#/components/schemas/X`
 * references resolved. Shared by the unit test of the document and the emulator tests' `fetch`.
 */
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const relinked = (s: object) => JSON.parse(JSON.stringify(s).replaceAll('#/components/schemas/', 'components#/$defs/')) as object;

export function openApiAjv(doc: { components: { schemas: Record<string, object> } }): { ajv: Ajv2020; compile(schema: object): ValidateFunction } {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(relinked({ $id: 'components', $defs: doc.components.schemas }));
  return { ajv, compile: (schema) => ajv.compile(relinked(schema)) };
}
