import type { Socket } from 'node:net';
import { Client, constants, requests, type DimseAssociationInfo } from './dcmjs-dimse.ts';
import type { Part10Dataset } from './part10-dataset.ts';

export interface StoreScpAddress {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  /** Bound on the whole association, milliseconds. */
  timeoutMs: number;
  /** Extra command elements of each C-STORE (Move Originator of a C-MOVE sub-operation). */
  command?: Record<string, string | number>;
}

/** What became of one C-STORE: its status, or why there was none and whether trying again may help. */
export interface CStoreOutcome {
  status?: number;
  comment?: string;
  reason?: string;
  retry: boolean;
}

/**
 * Send instances as C-STOREs on one association of ours (dcmjs-dimse's Client, TCP_NODELAY
 * set), each in a syntax the SCP accepted for its SOP class (see chooseSyntaxes), and
 * resolve with each one's outcome once the association has closed. `onEach` hears each
 * outcome as it comes (C-MOVE's Pending responses).
 */
export function sendCStores(address: StoreScpAddress, datasets: Part10Dataset[], onEach?: (outcome: CStoreOutcome) => void): Promise<CStoreOutcome[]> {
  const client = new Client();
  const outcomes: Array<CStoreOutcome | undefined> = datasets.map(() => undefined);
  let failure: { reason: string; retry: boolean } | null = null;
  datasets.forEach((dataset, i) => {
    const store = new requests.CStoreRequest(dataset);
    // dcmjs-dimse types element values as strings; Move Originator Message ID is a US.
    for (const [keyword, value] of Object.entries(address.command ?? {})) store.getCommandDataset().setElement(keyword, value as string);
    let answer: CStoreOutcome | undefined;
    store.on('response', (response: { getStatus(): number; getErrorComment(): string }) => {
      answer = { status: response.getStatus(), comment: response.getErrorComment() || undefined, retry: false };
    });
    store.on('done', () => {
      outcomes[i] = answer ?? { reason: 'no presentation context the SCP accepted carries this instance', retry: false };
      onEach?.(outcomes[i]!);
    });
    client.addRequest(store);
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      failure = { reason: `no answer within ${address.timeoutMs} ms`, retry: true };
      (client as unknown as { network?: { socket?: Socket } }).network?.socket?.destroy();
    }, address.timeoutMs);
    client.on('associationAccepted', (association: DimseAssociationInfo) => chooseSyntaxes(association, datasets));
    client.on('associationRejected', (rejection: { result: number; reason: number }) => {
      failure = { reason: `${address.calledAeTitle} rejected the association (result ${rejection.result}, reason ${rejection.reason})`, retry: rejection.result !== constants.RejectResult.Permanent };
    });
    client.on('networkError', (error: Error) => {
      failure ??= { reason: `${address.calledAeTitle} at ${address.host}:${address.port}: ${error.message}`, retry: true };
    });
    client.on('closed', () => {
      clearTimeout(timer);
      resolve(outcomes.map((outcome) => outcome ?? { reason: failure?.reason ?? 'the association ended first', retry: failure?.retry ?? true }));
    });
    client.send(address.host, address.port, address.callingAeTitle, address.calledAeTitle, { connectTimeout: address.timeoutMs, associationTimeout: address.timeoutMs, pduTimeout: address.timeoutMs });
    (client as unknown as { network?: { socket?: Socket } }).network?.socket?.setNoDelay(true);
  });
}

/** Send each instance in a syntax the peer accepted for its SOP class: as stored when it can. */
export function chooseSyntaxes(association: DimseAssociationInfo, datasets: Part10Dataset[]): void {
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
