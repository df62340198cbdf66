import assert from 'node:assert/strict';
import { z } from 'zod';
import { describe as describeFields, fieldErrors, parseOrRefuse } from '../../src/zod-errors';
import { DomainError } from '../../src/errors';

describe('zod-errors', () => {
  const schema = z.object({ items: z.array(z.object({ quantity: z.number().min(1, 'must be at least 1') })), note: z.string() });

  it('names each bad field as a path (items[2].quantity), the value itself as `whole`', () => {
    const r = schema.safeParse({ items: [{ quantity: 1 }, { quantity: 0 }], note: 5 });
    assert.equal(r.success, false);
    const errors = fieldErrors(r.error!);
    assert.deepEqual(errors.map((e) => e.field), ['items[1].quantity', 'note']);
    assert.match(describeFields(errors), /^items\[1\]\.quantity: must be at least 1; note: /);
    assert.deepEqual(fieldErrors(z.string().safeParse(1).error!, '(body)').map((e) => e.field), ['(body)']);
  });

  it('parseOrRefuse: the value, or invalid-argument with every field in details.errors', () => {
    assert.deepEqual(parseOrRefuse(schema, { items: [], note: 'x' }), { items: [], note: 'x' });
    assert.throws(() => parseOrRefuse(schema, { items: [{ quantity: 0 }] }), (e: unknown) => e instanceof DomainError && e.code === 'invalid-argument' && (e.details!.errors as unknown[]).length === 2);
  });
});
