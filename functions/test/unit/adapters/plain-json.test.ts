import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { plainJson } from '../../../src/adapters/plain-json';

describe('adapters/plain-json', () => {
  it('turns Timestamps into ISO strings at any depth and keeps everything else', () => {
    const at = Timestamp.fromMillis(Date.UTC(2026, 11, 3, 12, 0, 0));
    assert.deepEqual(plainJson({ a: at, b: [{ c: at }, 1, null], d: 'x', e: { f: true } }), {
      a: '2026-12-03T12:00:00.000Z',
      b: [{ c: '2026-12-03T12:00:00.000Z' }, 1, null],
      d: 'x',
      e: { f: true },
    });
  });
});
