import assert from 'node:assert/strict';
import { DomainError } from '../../src/errors';

describe('errors', () => {
  it('a domain error carries its code, message and details for the edge to map', () => {
    const e = new DomainError('not-found', 'no such job', { jobId: 'j1' });
    assert.ok(e instanceof Error);
    assert.deepEqual([e.code, e.message, e.details], ['not-found', 'no such job', { jobId: 'j1' }]);
  });
});
