import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import dimse from 'dcmjs-dimse';
import type { CStoreRequestType, DimseAssociationInfo, PresentationContextType } from '../../connectors/dimse/dcmjs-dimse.ts';

// The library as published, not through connectors/dimse/dcmjs-dimse.ts, whose direct
// command codec would make the ceiling Plexus's own work.
const { constants, Dataset, responses, Scp, log } = dimse;
log.setLevel('silent');

/** The PDU length the engine's DIMSE listener allows by default, so both negotiate the same PDUs. */
const MAX_PDU_LENGTH = 256 * 1024;

/**
 * The C-STORE ceiling: a bare dcmjs-dimse SCP (the library as published) that accepts every association and every
 * presentation context (first proposed transfer syntax), drops each data set's bytes as
 * they arrive and answers Success: no parsing, no disk, no database, no audit.
 */
class DiscardScp extends Scp {
  override associationRequested(association: DimseAssociationInfo): void {
    association.setMaxPduLength(Math.min(association.getMaxPduLength() || MAX_PDU_LENGTH, MAX_PDU_LENGTH));
    for (const { id } of association.getPresentationContexts()) {
      const context = association.getPresentationContext(id);
      context.setResult(constants.PresentationContextResult.Accept, context.getTransferSyntaxUids()[0]);
    }
    this.sendAssociationAccept();
  }

  override associationReleaseRequested(): void {
    this.sendAssociationReleaseResponse();
  }

  override createStoreWritableStream(): Writable {
    return new Writable({ write: (_chunk, _encoding, done) => done() });
  }

  override createDatasetFromStoreWritableStream(_writable: unknown, context: PresentationContextType, callback: (dataset: InstanceType<typeof Dataset>) => void): void {
    callback(new Dataset({}, context.getAcceptedTransferSyntaxUid()));
  }

  override cStoreRequest(request: CStoreRequestType, callback: (response: InstanceType<typeof responses.CStoreResponse>) => void): void {
    const response = responses.CStoreResponse.fromRequest(request);
    response.setStatus(constants.Status.Success);
    callback(response);
  }
}

const sockets = new Set<Socket>();
const server = createServer((socket) => {
  // Without it small DIMSE responses wait for delayed ACKs.
  socket.setNoDelay(true);
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
  const scp = new DiscardScp(socket, { connectTimeout: 60_000, associationTimeout: 60_000, pduTimeout: 60_000 });
  scp.on('networkError', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening dicom://${address}:${port}`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  for (const socket of sockets) socket.destroy();
});
