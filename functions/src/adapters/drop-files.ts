/**
 * Dropped files. In production the default bucket (Cloud Storage, via the Admin SDK); locally a
 * directory laid out as `<root>/<bucket>/<object name>`, because the Storage emulator cannot start
 * without downloading its rules runtime. `npm run drop` writes there and sends the trigger the
 * CloudEvent Cloud Storage would send.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getStorage } from 'firebase-admin/storage';
import { adminApp } from './firebase';
import { DropFiles } from '../ingest/ports';

export class StorageDropFiles implements DropFiles {
  async read(bucket: string, name: string): Promise<Buffer> {
    const [body] = await getStorage(adminApp()).bucket(bucket).file(name).download();
    return body;
  }

  async keep(keptName: string, body: Buffer, contentType: string): Promise<void> {
    await getStorage(adminApp()).bucket().file(keptName).save(body, { contentType, resumable: false });
  }
}

export class LocalDropFiles implements DropFiles {
  constructor(
    private readonly root: string,
    private readonly defaultBucket: string,
  ) {}

  /** The path of an object; a name that climbs out of the bucket's directory is refused. */
  path(bucket: string, name: string): string {
    const base = path.resolve(this.root, bucket);
    const p = path.resolve(base, name);
    if (!p.startsWith(base + path.sep)) throw new Error(`object name ${name} leaves the bucket`);
    return p;
  }

  read(bucket: string, name: string): Promise<Buffer> {
    return readFile(this.path(bucket, name));
  }

  /** The content type is Cloud Storage's metadata; a local file has none. */
  async keep(keptName: string, body: Buffer, _contentType?: string): Promise<void> {
    const p = this.path(this.defaultBucket, keptName);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, body);
  }
}
