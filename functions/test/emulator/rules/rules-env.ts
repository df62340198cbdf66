/** A rules test environment over the Firestore emulator, with the project's firestore.rules. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initializeTestEnvironment, RulesTestEnvironment } from '@firebase/rules-unit-testing';

export function rulesEnvironment(projectId: string): Promise<RulesTestEnvironment> {
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080').split(':') as [string, string];
  return initializeTestEnvironment({
    projectId,
    firestore: { host, port: Number(port), rules: readFileSync(path.resolve(__dirname, '../../../../firestore.rules'), 'utf8') },
  });
}
