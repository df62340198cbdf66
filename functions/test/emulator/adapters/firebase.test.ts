import assert from 'node:assert/strict';
import { adminApp, firestore, projectId } from '../../../src/adapters/firebase';
import { PROJECT_ID } from '../helpers';

describe('adapters/firebase', () => {
  it('one app and one Firestore per process, on the project of the environment', async () => {
    assert.equal(adminApp(), adminApp());
    assert.equal(firestore(), firestore());
    assert.equal(projectId(), PROJECT_ID);
    // undefined fields are dropped, not refused (settings applied once)
    await firestore().doc('firebase-adapter/a').set({ a: 1, b: undefined });
    assert.deepEqual((await firestore().doc('firebase-adapter/a').get()).data(), { a: 1 });
  });
});
