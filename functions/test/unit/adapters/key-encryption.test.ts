import assert from 'node:assert/strict';
import { KeyEncryption } from '../../../src/adapters/key-encryption';

const KEK = 'a-key-encryption-key-of-at-least-32-bytes';

describe('adapters/key-encryption', () => {
  it('seals so that only the same KEK, for the same record, opens', () => {
    const k = new KeyEncryption(KEK);
    const s = k.seal('the vendor secret', 'v-a/vk_1');
    assert.ok(!Buffer.from(s.sealed, 'base64').toString('latin1').includes('the vendor secret'));
    assert.equal(k.open(s, 'v-a/vk_1'), 'the vendor secret');
    assert.equal(k.open(s, 'v-b/vk_1'), null, 'bound to its record');
    assert.equal(new KeyEncryption(`${KEK}-other`).open(s, 'v-a/vk_1'), null, 'another KEK');
    const tampered = Buffer.from(s.sealed, 'base64');
    tampered[14] = tampered[14]! ^ 1;
    assert.equal(k.open({ ...s, sealed: tampered.toString('base64') }, 'v-a/vk_1'), null);
    assert.notEqual(k.seal('x', 'a').sealed, k.seal('x', 'a').sealed, 'a fresh IV each time');
  });

  it('refuses a KEK shorter than 32 bytes', () => {
    assert.throws(() => new KeyEncryption('short'), /at least 32 bytes/);
  });
});
