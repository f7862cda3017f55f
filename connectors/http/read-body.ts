import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { ApiError, invalidArgument } from '../../engine/errors/api-error.ts';

/**
 * Read a whole body, refusing it with 413 as soon as it passes `limit` bytes. The stream is
 * then left unread rather than destroyed (which would reset the connection before the 413
 * is sent); the dispatcher closes the connection after answering.
 */
export function readBody(stream: Readable, headers: IncomingHttpHeaders, limit: number): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        stream.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** Parse a JSON body; an empty body is `undefined`. */
export function parseJsonBody(buffer: Buffer): unknown {
  if (buffer.length === 0) return undefined;
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw invalidArgument(`Invalid JSON payload received. ${(error as Error).message}`);
  }
}

function tooLarge(limit: number): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${limit} bytes`);
}

/**
 * A streamed body (STOW) that fails with 413 once it passes `limit` bytes, declared or
 * counted, so a route that streams to disk still has a bound.
 */
export function limitStream(stream: Readable, headers: IncomingHttpHeaders, limit: number): Readable {
  const declared = Number(headers['content-length']);
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > limit ? tooLarge(limit) : null, chunk);
    },
  });
  let size = 0;
  if (Number.isFinite(declared) && declared > limit) {
    queueMicrotask(() => counted.destroy(tooLarge(limit)));
    return counted;
  }
  stream.on('error', (error) => counted.destroy(error));
  return stream.pipe(counted);
}
