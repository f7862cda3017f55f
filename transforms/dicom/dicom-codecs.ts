import { createRequire } from 'node:module';
import { Decoder as JpegLosslessDecoder } from 'jpeg-lossless-decoder-js';
import { DicomParseError } from './dicom-parse-error.ts';

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
}
type Codec = 'jpeg' | 'j2k' | 'jls';

const require = createRequire(import.meta.url);
const MODULES: Record<Codec, { path: string; decoder: string }> = {
  jpeg: { path: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', decoder: 'JPEGDecoder' },
  j2k: { path: '@cornerstonejs/codec-openjpeg/decodewasmjs', decoder: 'J2KDecoder' },
  jls: { path: '@cornerstonejs/codec-charls/decodewasmjs', decoder: 'JpegLSDecoder' },
};
const decoders = new Map<Codec, Promise<WasmDecoder>>();

/** One decoder per codec, its WASM module instantiated on first use. */
function decoderOf(codec: Codec): Promise<WasmDecoder> {
  let found = decoders.get(codec);
  if (!found) {
    const { path, decoder } = MODULES[codec];
    const factory = require(path) as (options: Record<string, unknown>) => Promise<Record<string, new () => WasmDecoder>>;
    const quiet = { print: () => undefined, printErr: () => undefined };
    found = factory(quiet).then((module) => new module[decoder]());
    decoders.set(codec, found);
  }
  return found;
}

/**
 * Decode a JPEG (baseline/extended), JPEG 2000 or JPEG-LS frame with the WASM codecs.
 * The result is copied out before the decoder is used again.
 */
export async function decodeWithWasm(codec: Codec, frame: Buffer): Promise<Buffer> {
  const decoder = await decoderOf(codec);
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
  } catch (error) {
    throw new DicomParseError(`the ${codec.toUpperCase()} frame does not decode: ${(error as Error).message ?? error}`);
  }
  return Buffer.from(decoder.getDecodedBuffer());
}

/** Decode a JPEG Lossless (Process 14) frame, which libjpeg-turbo's 8-bit build does not do. */
export function decodeJpegLossless(frame: Buffer, bitsAllocated: number): Buffer {
  try {
    const decoded = new JpegLosslessDecoder().decode(frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.length) as ArrayBuffer, 0, frame.length, bitsAllocated > 8 ? 2 : 1);
    return Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  } catch (error) {
    throw new DicomParseError(`the JPEG Lossless frame does not decode: ${(error as Error).message}`);
  }
}
