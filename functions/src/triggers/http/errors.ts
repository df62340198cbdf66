/** Typed domain errors as HTTP answers; anything else is a logged 500 that reveals nothing. */
import type { Response } from 'express';
import { DomainError, ErrorCode } from '../../errors';
import * as logs from '../../logs';

const STATUS: Record<ErrorCode, number> = {
  'invalid-argument': 400,
  unauthenticated: 401,
  'permission-denied': 403,
  'not-found': 404,
  'failed-precondition': 409,
  'resource-exhausted': 429,
  unavailable: 503,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  internal: 500,
};

export function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.set(headers).status(status).json(body);
}

export function sendError(res: Response, err: unknown, where: string): void {
  if (err instanceof DomainError) {
    const retryAfter = err.details?.retryAfterSeconds;
    const headers: Record<string, string> = typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {};
    return send(res, STATUS[err.code], { error: err.message, ...(err.details ?? {}) }, headers);
  }
  logs.internalError(where, err);
  send(res, 500, { error: 'internal error' });
}
