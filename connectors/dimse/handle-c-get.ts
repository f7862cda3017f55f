import { BlobStore } from '../../engine/regions/blob-store.ts';
import { constants, requests, responses, type CGetRequestType, type DimseAssociationInfo } from './dcmjs-dimse.ts';
import { dimseAuditEntry, type AssociationPeer, type QueryRetrieveContext } from './dimse-context.ts';
import { refusal, resolveRetrieve } from './resolve-retrieve.ts';
import { storedInstanceDataset } from './part10-dataset.ts';
import { chooseSyntaxes } from './send-c-stores.ts';
import { SubOperations } from './sub-operations.ts';

type CGetResponse = InstanceType<typeof responses.CGetResponse>;
type CStoreRequest = InstanceType<typeof requests.CStoreRequest>;

export interface CGetExchange {
  request: CGetRequestType;
  peer: AssociationPeer;
  sequence: number;
  association: DimseAssociationInfo;
  send: (responses: CGetResponse[]) => void;
  /** Send a C-STORE on this association; resolves with its status (undefined: no answer). */
  sendStore: (request: CStoreRequest) => Promise<number | undefined>;
}

/**
 * C-GET (PS3.4 C.4.3): the instances the identifier names go back over the same
 * association, one C-STORE at a time, each in a syntax the SCU accepted for its SOP class
 * (its storage contexts, proposed with the SCP role); one it cannot take counts as failed.
 */
export async function handleCGet(context: QueryRetrieveContext, exchange: CGetExchange): Promise<void> {
  const { request } = exchange;
  const final = responses.CGetResponse.fromRequest(request);
  const resolved = await resolveRetrieve(context, request.getDataset());
  if ('status' in resolved) return exchange.send([refusal(final, resolved.status, resolved.comment)]);
  const { rows } = resolved;
  const counts = new SubOperations(rows.length);
  const blobs = new BlobStore(context.queryTarget.region.blobs);
  for (const row of rows) {
    const dataset = storedInstanceDataset(row, blobs);
    chooseSyntaxes(exchange.association, [dataset]);
    const acceptedContext = exchange.association.getPresentationContexts().some(({ id }) => {
      const pc = exchange.association.getPresentationContext(id);
      return pc.getAbstractSyntaxUid() === row.sop_class_uid && pc.getResult() === constants.PresentationContextResult.Accept && pc.getAcceptedTransferSyntaxUid() === dataset.getTransferSyntaxUid();
    });
    counts.count(acceptedContext ? await exchange.sendStore(new requests.CStoreRequest(dataset)) : undefined);
    if (counts.remaining > 0) exchange.send([counts.fill(responses.CGetResponse.fromRequest(request), false)]);
  }
  context.audit.record(context.queryTarget.region, dimseAuditEntry(exchange.peer, 'C-GET', 'healthcare.dicomStores.dicomWebRead', context.queryTarget.name, 200, exchange.sequence));
  exchange.send([counts.fill(final, true)]);
}
