import assert from 'node:assert/strict';
import { HttpsError } from 'firebase-functions/v2/https';
import { edge } from '../../../src/triggers/errors';
import { DomainError } from '../../../src/errors';

describe('triggers/errors', () => {
  it('domain errors become HttpsError with their code and details; HTTP-only codes become invalid-argument', async () => {
    await assert.rejects(edge('t', async () => { throw new DomainError('not-found', 'gone', { id: 'r1' }); }), (e: unknown) => e instanceof HttpsError && e.code === 'not-found' && (e.details as { id: string }).id === 'r1');
    await assert.rejects(edge('t', async () => { throw new DomainError('payload-too-large', 'big'); }), (e: unknown) => e instanceof HttpsError && e.code === 'invalid-argument');
    assert.equal(await edge('t', async () => 42), 42);
  });

  it('anything unexpected is `internal`, and its message never reaches the client', async () => {
    await assert.rejects(edge('t', async () => { throw new Error('db password leaked'); }), (e: unknown) => e instanceof HttpsError && e.code === 'internal' && e.message === 'internal error');
  });
});
