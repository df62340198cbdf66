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

describe('adapters/csv: csv-parse edge cases', () => {
  it('parses quoted fields, escaped quotes, CRLF and a BOM', () => {
    const r = parseCsv('\uFEFFop,sku,note\r\nupsert,"A,1","say ""hi"""\r\ndelete,B,\n');
    assert.deepEqual(r.header, ['op', 'sku', 'note']);
    assert.deepEqual(r.rows.map((x) => x.values), [{ op: 'upsert', sku: 'A,1', note: 'say "hi"' }, { op: 'delete', sku: 'B', note: '' }]);
    assert.deepEqual(r.errors, []);
  });
  it('counts lines, not records: empty lines and multi-line fields keep the numbering true', () => {
    assert.deepEqual(parseCsv('a,b\n\n1').errors, [{ line: 3, message: 'expected 2 columns, found 1' }]);
    const r = parseCsv('a,b\n"x\ny",1\n2\n');
    assert.deepEqual(r.rows.map((x) => x.line), [3, 4]);
    assert.deepEqual(r.errors, [{ line: 4, message: 'expected 2 columns, found 1' }]);
  });
  it('an unclosed quote is an error, not the rest of the file swallowed', () => {
    const r = parseCsv('a,b\n"open,1\n2,3\n4,5\n');
    assert.deepEqual(r.rows, []);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /never closed/);
  });
  it('text after a closing quote is an error with its line and field', () => {
    assert.deepEqual(parseCsv('a,b\n1,"x"junk\n').errors, [{ line: 2, column: 2, message: 'text after a closing quote' }]);
  });
});
