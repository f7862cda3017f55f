import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { invalidArgument } from '../../engine/errors/api-error.ts';

export interface MultipartPart {
  /** Part headers, names in lower case. */
  headers: Record<string, string>;
  body: Readable;
}

const MAX_PART_HEADERS = 16 * 1024;

/** The parameters of a media type (`multipart/related; type="application/dicom"; boundary=x`), names in lower case. */
export function mediaTypeParameters(contentType: string): { type: string; params: Record<string, string> } {
  const [type, ...rest] = contentType.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

/**
 * Split a multipart body (RFC 2046) into parts as it arrives, each part a stream handed to
 * `handlePart` and consumed before the next is read, so a 2 GB STOW holds at most a chunk
 * and a boundary in memory. Bytes split across chunks at a boundary are held back until
 * it is clear whether they begin the delimiter.
 */
export async function readMultipartParts(body: Readable, boundary: string, handlePart: (part: MultipartPart) => Promise<void>): Promise<void> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter may open the body without its CRLF.
  let pending: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  let part: PassThrough | null = null;
  let handled: Promise<void> | null = null;
  let failure: unknown = null;

  const startPart = (headers: Record<string, string>) => {
    part = new PassThrough({ highWaterMark: 1 << 20 });
    handled = handlePart({ headers, body: part }).catch((error: unknown) => {
      failure ??= error;
      part?.resume();
    });
  };
  const endPart = async () => {
    part!.end();
    await handled;
    part = null;
    if (failure) throw failure;
  };
  const write = async (bytes: Buffer) => {
    if (bytes.length > 0 && !part!.write(bytes) && !failure) await once(part!, 'drain');
  };

  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (state === 'preamble' || state === 'body') {
          const at = pending.indexOf(delimiter);
          if (at < 0) {
            const keep = Math.min(pending.length, delimiter.length - 1);
            if (state === 'body') await write(pending.subarray(0, pending.length - keep));
            pending = pending.subarray(pending.length - keep);
            break;
          }
          if (state === 'body') {
            await write(pending.subarray(0, at));
            await endPart();
          }
          pending = pending.subarray(at + delimiter.length);
          state = 'headers';
        }
        if (state === 'headers') {
          if (pending.length < 2) break;
          if (pending[0] === 0x2d && pending[1] === 0x2d) {
            state = 'done';
            break;
          }
          const end = pending.indexOf('\r\n\r\n');
          if ((end < 0 ? pending.length : end) > MAX_PART_HEADERS) throw invalidArgument('a multipart part has more than 16 KB of headers');
          if (end < 0) break;
          startPart(parsePartHeaders(pending.subarray(0, end).toString('latin1')));
          pending = pending.subarray(end + 4);
          state = 'body';
          continue;
        }
        break;
      }
      if (state === 'done') break;
    }
  } catch (error) {
    if (part) {
      (part as PassThrough).destroy(error as Error);
      await handled;
    }
    throw error;
  }
  if (state !== 'done') {
    if (part) {
      (part as PassThrough).destroy(new Error('the body ended inside a part'));
      await handled;
    }
    throw invalidArgument(state === 'preamble' ? `the body holds no part delimited by boundary "${boundary}"` : 'the multipart body ends before its closing boundary');
  }
}

function parsePartHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
