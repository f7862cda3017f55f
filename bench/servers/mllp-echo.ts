import { createServer, type AddressInfo, type Socket } from 'node:net';
import { encodeMllpFrame } from '../../connectors/mllp/encode-mllp-frame.ts';
import { MllpFrameReader } from '../../connectors/mllp/mllp-frame-reader.ts';

/**
 * The MLLP ceiling: frames read with our accumulator and each answered at once with a
 * fixed minimal AA ACK built by string concatenation from MSH-10, with no parser, no
 * database and no journal. ACKs for frames that arrived together leave in one write.
 */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

function readControlId(frame: Buffer): string {
  const cr = frame.indexOf(0x0d);
  const lf = frame.indexOf(0x0a);
  const end = cr === -1 ? (lf === -1 ? frame.length : lf) : lf === -1 ? cr : Math.min(cr, lf);
  const msh = frame.toString('latin1', 0, end);
  return msh.split(msh[3] ?? '|')[9] ?? '';
}

function buildAck(frame: Buffer): Buffer {
  const controlId = readControlId(frame);
  return Buffer.from('MSH|^~\\&|PLEXUS|BENCH|||20240101000000||ACK|' + controlId + '|P|2.5\rMSA|AA|' + controlId + '\r', 'latin1');
}

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  const reader = new MllpFrameReader({ maxFrameBytes: MAX_FRAME_BYTES });
  socket.on('data', (chunk: Buffer) => {
    socket.cork();
    for (const event of reader.push(chunk)) {
      if (event.type === 'frame') socket.write(encodeMllpFrame(buildAck(event.frame)));
    }
    socket.uncork();
  });
}

const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  serve(socket);
});
server.listen(0, '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening mllp://${address}:${port}`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  for (const socket of sockets) socket.destroy();
});
