import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cloudEventSchema, EVENT_DATASCHEMA, EVENT_SCHEMA_VERSION, eventJsonSchema } from '../../../src/events/schema';

describe('events/schema', () => {
  it('keeps docs/events.schema.json identical to the zod schema', () => {
    const file = path.resolve(__dirname, '../../../../docs/events.schema.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), eventJsonSchema());
  });

  it('names its version in the dataschema URN and refuses an event without its required fields', () => {
    assert.equal(EVENT_DATASCHEMA, `urn:inventory-sync:schema:inventory-event:v${EVENT_SCHEMA_VERSION}`);
    const r = cloudEventSchema.safeParse({ specversion: '1.0', id: 'e1', type: 'inventory.synced' });
    assert.equal(r.success, false);
  });
});
