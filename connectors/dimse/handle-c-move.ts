import { BlobStore } from '../../engine/regions/blob-store.ts';
import type { DicomInstanceRow } from '../../stores/dicom/dicom-instance-row.ts';
import { Client, constants, requests, responses, type CMoveRequestType, type DimseAssociationInfo } from './dcmjs-dimse.ts';
import { dimseAuditEntry, type AssociationPeer, type DimseContext } from './dimse-context.ts';
import { refusal, resolveRetrieve } from './resolve-retrieve.ts';
import { StoredInstanceDataset } from './stored-instance-dataset.ts';
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
export async function handleCMove(context: DimseContext, exchange: CMoveExchange): Promise<void> {
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
    await sendInstances(context, rows, destination, exchange, counts, request.getMessageId());
  }
  context.audit.record(context.queryTarget.region, dimseAuditEntry(exchange.peer, 'C-MOVE', 'healthcare.dicomStores.dicomWebRead', context.queryTarget.name, 200, exchange.sequence));
  context.logger.info({ associationId: exchange.peer.associationId, destination: destinationAe, completed: counts.completed, failed: counts.failed }, 'C-MOVE done');
  exchange.send([counts.fill(final, true)]);
}

/** One association to the destination carrying every instance; resolves when it has closed. */
function sendInstances(context: DimseContext, rows: DicomInstanceRow[], destination: { aeTitle: string; host: string; port: number }, exchange: CMoveExchange, counts: SubOperations, messageId: number): Promise<void> {
  const blobs = new BlobStore(context.queryTarget.region.blobs);
  const client = new Client();
  const datasets = rows.map((row) => new StoredInstanceDataset(row, blobs));
  for (const dataset of datasets) {
    const store = new requests.CStoreRequest(dataset);
    store.getCommandDataset().setElement('MoveOriginatorApplicationEntityTitle', exchange.peer.callingAeTitle);
    // dcmjs-dimse types element values as strings; Move Originator Message ID is a US.
    store.getCommandDataset().setElement('MoveOriginatorMessageID', messageId as unknown as string);
    let status: number | undefined;
    store.on('response', (response: { getStatus(): number }) => {
      status = response.getStatus();
    });
    store.on('done', () => {
      counts.count(status);
      exchange.send([counts.fill(responses.CMoveResponse.fromRequest(exchange.request), false)]);
    });
    client.addRequest(store);
  }
  return new Promise((resolve) => {
    client.on('associationAccepted', (association: DimseAssociationInfo) => chooseSyntaxes(association, datasets));
    const end = () => {
      // Sub-operations that never got an answer failed.
      while (counts.remaining > 0) counts.count(undefined);
      resolve();
    };
    client.on('closed', end);
    client.on('associationRejected', () => context.logger.warn({ destination: destination.aeTitle }, 'C-MOVE destination rejected the association'));
    client.on('networkError', (error: Error) => context.logger.warn({ destination: destination.aeTitle, err: error }, 'C-MOVE destination unreachable'));
    client.send(destination.host, destination.port, context.config.aeTitle, destination.aeTitle);
  });
}

/** Send each instance in a syntax the peer accepted for its SOP class: as stored when it can. */
export function chooseSyntaxes(association: DimseAssociationInfo, datasets: StoredInstanceDataset[]): void {
  const accepted = new Map<string, string[]>();
  for (const { id } of association.getPresentationContexts()) {
    const context = association.getPresentationContext(id);
    if (context.getResult() !== constants.PresentationContextResult.Accept) continue;
    const list = accepted.get(context.getAbstractSyntaxUid()) ?? [];
    list.push(context.getAcceptedTransferSyntaxUid()!);
    accepted.set(context.getAbstractSyntaxUid(), list);
  }
  for (const dataset of datasets) {
    const syntaxes = accepted.get(String(dataset.getElement('SOPClassUID'))) ?? [];
    const chosen = dataset.sendableSyntaxes().find((ts) => syntaxes.includes(ts));
    if (chosen) dataset.sendIn(chosen);
  }
}
