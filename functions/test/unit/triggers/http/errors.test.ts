import assert from 'node:assert/strict';
import { send, sendError } from '../../../../src/triggers/http/errors';
import { DomainError } from '../../../../src/errors';
import { RecordedResponse } from './fake-response';

describe('triggers/http/errors', () => {
  const answer = (err: unknown) => {
    const res = new RecordedResponse();
    sendError(res as never, err, 'test');
    return res;
  };

  it('each domain error code has its status; details ride along; retryAfterSeconds becomes Retry-After', () => {
    const cases: [DomainError['code'], number][] = [['invalid-argument', 400], ['unauthenticated', 401], ['permission-denied', 403], ['not-found', 404], ['failed-precondition', 409], ['payload-too-large', 413], ['unsupported-media-type', 415], ['resource-exhausted', 429], ['unavailable', 503]];
    for (const [code, status] of cases) assert.equal(answer(new DomainError(code, 'x')).status_, status, code);
    const limited = answer(new DomainError('resource-exhausted', 'slow down', { retryAfterSeconds: 7 }));
    assert.deepEqual(limited.body, { error: 'slow down', retryAfterSeconds: 7 });
    assert.equal(limited.headers['retry-after'], '7');
  });

  it('anything else is a 500 that reveals nothing', () => {
    const res = answer(new Error('password=hunter2 in the connection string'));
    assert.equal(res.status_, 500);
    assert.deepEqual(res.body, { error: 'internal error' });
  });

  it('send sets headers, status and the JSON body', () => {
    const res = new RecordedResponse();
    send(res as never, 202, { ok: 1 }, { 'cache-control': 'no-store' });
    assert.deepEqual([res.status_, res.body, res.headers['cache-control']], [202, { ok: 1 }, 'no-store']);
  });
});
