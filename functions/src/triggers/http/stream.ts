import type { Response } from 'express';

/** Writes a chunk, waiting for the socket to drain when the client reads slower than we write. */
export function writeChunk(res: Response, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.write(chunk)) return resolve();
    res.once('drain', resolve);
    res.once('error', reject);
  });
}

