import { BlobStore } from '../../engine/regions/blob-store.ts';
import { constants, responses, type CMoveRequestType } from './dcmjs-dimse.ts';
import { dimseAuditEntry, type AssociationPeer, type QueryRetrieveContext } from './dimse-context.ts';
import { refusal, resolveRetrieve } from './resolve-retrieve.ts';
import { storedInstanceDataset } from './part10-dataset.ts';
import { sendCStores } from './send-c-stores.ts';
import { SubOperations } from './sub-operations.ts';

type CMoveResponse = InstanceType<typeof responses.CMoveResponse>;

export interface CMoveExchange {
  request: CMoveRequestType;
  peer: AssociationPeer;
  sequence: number;
  send: (responses: CMoveResponse[]) => void;
}

/**
 * C-MOVE (PS3.4 C.4.2): the instances the identifier names go to the Move Destination, an
 * AE title the listener's `moveDestinations` maps to a host and port, over one association
 * of our own (our AE title calling), each as stored or re-encoded to what the destination
 * accepted. A Pending response follows each sub-operation; the final one counts them.
 */
export async function handleCMove(context: QueryRetrieveContext, exchange: CMoveExchange): Promise<void> {
  const { request } = exchange;
  const final = responses.CMoveResponse.fromRequest(request);
  const destinationAe = String(request.getCommandDataset().getElement('MoveDestination') ?? '').trim();
  const destination = context.config.moveDestinations.find((d) => d.aeTitle === destinationAe);
  if (!destination) return exchange.send([refusal(final, constants.Status.MoveDestinationUnknown, `move destination ${destinationAe} is not configured`)]);
  const resolved = await resolveRetrieve(context, request.getDataset());
  if ('status' in resolved) return exchange.send([refusal(final, resolved.status, resolved.comment)]);
  const { rows } = resolved;
  const counts = new SubOperations(rows.length);
  if (rows.length > 0) {
    const blobs = new BlobStore(context.queryTarget.region.blobs);
    const address = {
      ...destination,
      callingAeTitle: context.config.aeTitle,
      calledAeTitle: destination.aeTitle,
      timeoutMs: context.config.idleTimeoutMs,
      command: { MoveOriginatorApplicationEntityTitle: exchange.peer.callingAeTitle, MoveOriginatorMessageID: request.getMessageId() },
    };
    await sendCStores(address, rows.map((row) => storedInstanceDataset(row, blobs)), (outcome) => {
      counts.count(outcome.status);
      if (counts.remaining > 0) exchange.send([counts.fill(responses.CMoveResponse.fromRequest(request), false)]);
    });
    // Sub-operations the association ended before failed.
    while (counts.remaining > 0) counts.count(undefined);
  }
  context.audit.record(context.queryTarget.region, dimseAuditEntry(exchange.peer, 'C-MOVE', 'healthcare.dicomStores.dicomWebRead', context.queryTarget.name, 200, exchange.sequence));
  context.logger.info({ associationId: exchange.peer.associationId, destination: destinationAe, completed: counts.completed, failed: counts.failed }, 'C-MOVE done');
  exchange.send([counts.fill(final, true)]);
}
