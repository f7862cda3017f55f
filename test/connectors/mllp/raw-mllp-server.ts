import type { ExecutionContext } from 'ava';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { MllpFrameReader } from '../../../connectors/mllp/mllp-frame-reader.ts';

/**
 * A hand-written MLLP server for sender tests that need to misbehave (answer twice,
 * answer out of turn): `onFrame` writes whatever bytes it likes to the socket.
 */
export async function startRawMllpServer(t: ExecutionContext, onFrame: (frame: Buffer, socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new MllpFrameReader({ maxFrameBytes: 1 << 20 });
    socket.on('data', (chunk: Buffer) => {
      for (const event of reader.push(chunk)) if (event.type === 'frame') onFrame(event.frame, socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}
