import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDropFiles } from '../../../src/adapters/drop-files';

describe('adapters/drop-files', () => {
  it('locally, a bucket is a directory: files kept are read back; a name that climbs out is refused', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'drops-'));
    const files = new LocalDropFiles(root, 'demo-x.appspot.com');
    await files.keep('vendor-drops-kept/v-a/drop-1-stock.csv', Buffer.from('sku,onHand\nA,1\n'), 'text/csv');
    assert.equal((await files.read('demo-x.appspot.com', 'vendor-drops-kept/v-a/drop-1-stock.csv')).toString(), 'sku,onHand\nA,1\n');
    assert.equal(files.path('b', 'vendor-drops/v/x.csv'), path.join(root, 'b', 'vendor-drops', 'v', 'x.csv'));
    assert.throws(() => files.path('b', '../../etc/passwd'), /leaves the bucket/);
    await assert.rejects(files.read('demo-x.appspot.com', 'vendor-drops/none.csv'), /ENOENT/);
  });
});
