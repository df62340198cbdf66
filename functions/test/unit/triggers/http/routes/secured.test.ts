import assert from 'node:assert/strict';
import { secured } from '../../../../../src/triggers/http/routes/secured';
import { ErrorSchema } from '../../../../../src/triggers/http/api-schemas';

describe('triggers/http/routes/secured', () => {
  it('a secured route documents its scheme, tag and the 401/403 its guard answers, beside its own answers', () => {
    const doc = secured('vendor', 'vendors')({ summary: 's', responses: { 200: { description: 'ok' } } });
    assert.equal(doc.security, 'vendor');
    assert.equal(doc.tag, 'vendors');
    assert.deepEqual(Object.keys(doc.responses).sort(), ['200', '401', '403']);
    assert.equal(doc.responses[403]!.json, ErrorSchema);
    assert.match(secured('operator', 'operations')({ summary: 's', responses: {} }).responses[403]!.description, /admin claim/);
  });
});
