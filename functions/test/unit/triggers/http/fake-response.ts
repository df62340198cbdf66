/** A stand-in for Express's Response that records what a handler answered (status, headers, body, chunks). */
import { EventEmitter } from 'node:events';

export class RecordedResponse extends EventEmitter {
  status_?: number;
  headers: Record<string, string> = {};
  body?: unknown;
  chunks: string[] = [];
  /** write() answers false (a full socket) for these chunk indexes. */
  constructor(private readonly fullAt: number[] = []) {
    super();
  }
  set(h: Record<string, string>) {
    Object.assign(this.headers, h);
    return this;
  }
  status(s: number) {
    this.status_ = s;
    return this;
  }
  json(b: unknown) {
    this.body = b;
    return this;
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return !this.fullAt.includes(this.chunks.length - 1);
  }
}
