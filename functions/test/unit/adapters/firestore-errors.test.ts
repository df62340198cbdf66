import assert from 'node:assert/strict';
import { Code, codeOf, isConflict, isTransient } from '../../../src/adapters/firestore-errors';

describe('adapters/firestore-errors', () => {
  const err = (code: number, message = '') => Object.assign(new Error(message), { code });

  it('reads the gRPC code of anything', () => {
    assert.equal(codeOf(err(Code.ABORTED)), Code.ABORTED);
    assert.equal(codeOf(null), undefined);
    assert.equal(codeOf('text'), undefined);
  });

  it('a conflict is a failed precondition, an existing document, an abort or a deadline', () => {
    for (const c of [Code.FAILED_PRECONDITION, Code.ALREADY_EXISTS, Code.ABORTED, Code.DEADLINE_EXCEEDED]) assert.equal(isConflict(err(c)), true, String(c));
    for (const c of [Code.INVALID_ARGUMENT, Code.UNAVAILABLE, Code.INTERNAL]) assert.equal(isConflict(err(c)), false, String(c));
  });

  it('transient: retryable codes, and an expired transaction (INVALID_ARGUMENT) but no other bad argument', () => {
    for (const c of [Code.CANCELLED, Code.DEADLINE_EXCEEDED, Code.RESOURCE_EXHAUSTED, Code.ABORTED, Code.INTERNAL, Code.UNAVAILABLE]) assert.equal(isTransient(err(c)), true, String(c));
    assert.equal(isTransient(err(Code.INVALID_ARGUMENT, 'The referenced transaction has expired or is no longer valid')), true);
    assert.equal(isTransient(err(Code.INVALID_ARGUMENT, 'Transaction is invalid or expired')), true);
    assert.equal(isTransient(err(Code.INVALID_ARGUMENT, 'field name is invalid')), false);
    assert.equal(isTransient(err(Code.FAILED_PRECONDITION)), false);
  });
});
