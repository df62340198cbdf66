import assert from 'node:assert/strict';
import { writeChunk } from '../../../../src/triggers/http/stream';
import { RecordedResponse } from './fake-response';

describe('triggers/http/stream', () => {
  it('a chunk written to a full socket resolves only once it drains', async () => {
    const res = new RecordedResponse([1]);
    await writeChunk(res as never, 'a');
    let done = false;
    const second = writeChunk(res as never, 'b').then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false, 'waits for drain');
    res.emit('drain');
    await second;
    assert.deepEqual(res.chunks, ['a', 'b']);
  });

  it('a socket error while waiting rejects', async () => {
    const res = new RecordedResponse([0]);
    const p = writeChunk(res as never, 'a');
    res.emit('error', new Error('client went away'));
    await assert.rejects(p, /client went away/);
  });
});
