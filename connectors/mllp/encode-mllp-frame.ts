/** MLLP start block (VT): the byte that opens every frame. */
export const START_BLOCK = 0x0b;
/** MLLP end block (FS): the byte that closes every frame's content. */
export const END_BLOCK = 0x1c;
/** The carriage return that follows the end block on the wire. */
export const CARRIAGE_RETURN = 0x0d;

/** Wrap message bytes in an MLLP envelope: VT, the bytes unchanged, FS CR. */
export function encodeMllpFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(payload.length + 3);
  frame[0] = START_BLOCK;
  payload.copy(frame, 1);
  frame[payload.length + 1] = END_BLOCK;
  frame[payload.length + 2] = CARRIAGE_RETURN;
  return frame;
}
