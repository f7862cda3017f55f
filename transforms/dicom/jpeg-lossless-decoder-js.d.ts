/** The package names a declaration file it does not ship; this is the part Plexus uses. */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    /** Decode a JPEG Lossless (Process 14) stream: samples interleaved, 8- or 16-bit as numBytes says. */
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
