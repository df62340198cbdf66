import assert from 'node:assert/strict';
import { csvLines, parseCsv } from '../../../src/adapters/csv';

describe('adapters/csv', () => {
  it('reads a header and rows, with the line each record ends on', () => {
    const r = parseCsv('\uFEFFsku,onHand\nA-1,5\n"B,2","7"\n');
    assert.deepEqual(r.header, ['sku', 'onHand']);
    assert.deepEqual(r.rows, [
      { line: 2, values: { sku: 'A-1', onHand: '5' } },
      { line: 3, values: { sku: 'B,2', onHand: '7' } },
    ]);
    assert.deepEqual(r.errors, []);
  });

  it('names a row with the wrong number of columns, and a quote never closed', () => {
    assert.deepEqual(parseCsv('sku,onHand\nA-1\n').errors, [{ line: 2, message: 'expected 2 columns, found 1' }]);
    const open = parseCsv('sku,onHand\n"A-1,5\n');
    assert.equal(open.rows.length, 0);
    assert.equal(open.errors[0]!.message, 'a quoted field is never closed');
  });

  it('writes rows back that read the same (quotes, commas, newlines)', () => {
    const rows = [['sku', 'note'], ['A-1', 'a, "quoted"\nline']];
    const text = csvLines(rows);
    const back = parseCsv(text);
    assert.deepEqual(back.rows[0]!.values, { sku: 'A-1', note: 'a, "quoted"\nline' });
  });
});
