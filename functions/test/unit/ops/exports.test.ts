import assert from 'node:assert/strict';
import { cell, csvLine } from '../../../src/ops/exports';

describe('ops/exports cells', () => {
  it('neutralises text a spreadsheet would run as a formula, and quotes what CSV needs quoted', () => {
    for (const evil of ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) assert.equal(String(cell(evil))[0], "'", JSON.stringify(evil));
    assert.equal(csvLine(['=HYPERLINK("x")']), `"'=HYPERLINK(""x"")"\n`);
    assert.equal(cell(-5), -5, 'numbers stay numbers');
    assert.equal(cell('SKU-1'), 'SKU-1');
    assert.equal(csvLine(['a,b']), '"a,b"\n');
    assert.equal(cell(null), '');
    assert.equal(csvLine(['x', 1, undefined]), 'x,1,\n');
  });
});
