import assert from 'node:assert/strict';
import { ContractMismatchError } from '../../../src/stock/contract-mismatch';

describe('stock/contract-mismatch', () => {
  it('is an Error that says its kind and the version the page claimed', () => {
    const e = new ContractMismatchError('WMS schema v3 not supported', 'unsupported_version', '3');
    assert.ok(e instanceof Error);
    assert.deepEqual([e.name, e.kind, e.version, e.message], ['ContractMismatchError', 'unsupported_version', '3', 'WMS schema v3 not supported']);
  });
});
