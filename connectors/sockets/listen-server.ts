import type { AddressInfo, Server } from 'node:net';

/** Bind a listener (MLLP, DIMSE) and resolve with its address; a bind failure (port in use) rejects. */
export async function listenServer(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
