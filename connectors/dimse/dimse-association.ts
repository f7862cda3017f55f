import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { BlobUpload } from '../../engine/regions/blob-upload.ts';
import {
  constants, Dataset, requests, responses, Scp,
  type CEchoRequestType, type CFindRequestType, type CGetRequestType, type CMoveRequestType, type CStoreRequestType, type DimseAssociationInfo, type PresentationContextType,
} from './dcmjs-dimse.ts';
import type { AssociationPeer, DimseContext, QueryRetrieveContext } from './dimse-context.ts';
import { handleCFind } from './handle-c-find.ts';
import { handleCGet } from './handle-c-get.ts';
import { handleCMove } from './handle-c-move.ts';
import { finishCStore, startCStoreUpload } from './handle-c-store.ts';
import { negotiateAssociation } from './negotiate-association.ts';
import { refusal } from './resolve-retrieve.ts';

/** Received bytes waiting for the disk past which the socket is paused (TCP then slows the sender). */
const UPLOAD_BACKLOG = 8 * 1024 * 1024;

type Send<T> = (responses: T[]) => void;
type CStoreRequest = InstanceType<typeof requests.CStoreRequest>;

/**
 * One association on a DIMSE listener. dcmjs-dimse calls these methods; each only hands
 * the request to its handler (negotiate-association.ts, handle-c-*.ts), so the protocol
 * decisions live outside this subclass. C-STORE data sets stream to a temp file as their
 * fragments arrive.
 */
export class DimseAssociation extends Scp {
  private readonly uploads = new WeakMap<object, BlobUpload>();
  private readonly cancelled = new Set<number>();
  private readonly peer: AssociationPeer;
  private counted = false;
  private closed = false;
  private negotiated: DimseAssociationInfo | null = null;
  private sequence = 0;

  constructor(
    private readonly client: Socket,
    private readonly context: DimseContext,
  ) {
    const timeout = context.config.idleTimeoutMs;
    super(client, { connectTimeout: timeout, associationTimeout: timeout, pduTimeout: timeout });
    this.peer = { callingAeTitle: '', address: client.remoteAddress ?? '', associationId: randomUUID() };
    this.on('close', () => {
      this.closed = true;
      context.storage.associationClosed?.(this.peer.associationId);
      if (this.counted) context.associations.open--;
      this.counted = false;
    });
  }

  override associationRequested(association: DimseAssociationInfo): void {
    this.peer.callingAeTitle = association.getCallingAeTitle().trim();
    const log = { associationId: this.peer.associationId, callingAeTitle: this.peer.callingAeTitle, peer: this.peer.address };
    if (this.context.associations.open >= this.context.config.maxAssociations) {
      this.context.logger.warn({ ...log, maxAssociations: this.context.config.maxAssociations }, 'DIMSE association rejected: maximum associations reached');
      this.sendAssociationReject(constants.RejectResult.Transient, constants.RejectSource.ServiceProviderPresentation, constants.RejectReason.LocalLimitExceeded);
      return;
    }
    const { aeTitle, callingAeTitles, maxPduLength } = this.context.config;
    const rejection = negotiateAssociation(association, { aeTitle, callingAeTitles, maxPduLength, queryRetrieve: this.context.queryTarget !== null });
    if (rejection) {
      this.context.logger.warn({ ...log, why: rejection.why }, 'DIMSE association rejected');
      this.sendAssociationReject(rejection.result, rejection.source, rejection.reason);
      return;
    }
    this.context.associations.open++;
    this.counted = true;
    this.negotiated = association;
    this.context.logger.info(log, 'DIMSE association accepted');
    this.sendAssociationAccept();
  }

  override associationReleaseRequested(): void {
    this.sendAssociationReleaseResponse();
  }

  override cEchoRequest(request: CEchoRequestType, callback: (response: InstanceType<typeof responses.CEchoResponse>) => void): void {
    const response = responses.CEchoResponse.fromRequest(request);
    response.setStatus(constants.Status.Success);
    callback(response);
  }

  override createStoreWritableStream(context: PresentationContextType, request: CStoreRequestType): BlobUpload {
    const upload = startCStoreUpload(this.context, request, context.getAcceptedTransferSyntaxUid()!);
    upload.on('error', (error) => this.context.logger.error({ err: error, associationId: this.peer.associationId }, 'C-STORE data set could not be written'));
    // The socket pauses while the disk is behind; write() never reports a backlog to
    // dcmjs-dimse, whose wait for it could let fragments of later PDUs overtake.
    const write = upload.write.bind(upload) as (chunk: Buffer) => boolean;
    upload.write = ((chunk: Buffer) => {
      write(chunk);
      if (upload.writableLength > UPLOAD_BACKLOG && !this.client.isPaused()) {
        this.client.pause();
        upload.once('drain', () => this.client.resume());
      }
      return true;
    }) as BlobUpload['write'];
    this.uploads.set(request, upload);
    return upload;
  }

  override createDatasetFromStoreWritableStream(_writable: unknown, context: PresentationContextType, callback: (dataset: InstanceType<typeof Dataset>) => void): void {
    // The bytes are on disk; the request carries an empty data set to cStoreRequest.
    callback(new Dataset({}, context.getAcceptedTransferSyntaxUid()));
  }

  override cStoreRequest(request: CStoreRequestType, callback: (response: InstanceType<typeof responses.CStoreResponse>) => void): void {
    const upload = this.uploads.get(request);
    this.uploads.delete(request);
    if (!upload) return callback(responses.CStoreResponse.fromRequest(request));
    void finishCStore(this.context, request, upload, this.peer, ++this.sequence).then(callback, (error: unknown) => {
      this.context.logger.error({ err: error, associationId: this.peer.associationId }, 'C-STORE failed');
      const response = responses.CStoreResponse.fromRequest(request);
      callback(refusal(response, 0xa700, 'the instance could not be stored; send it again later'));
    });
  }

  override cFindRequest(request: CFindRequestType, callback: Send<InstanceType<typeof responses.CFindResponse>>): void {
    const context = this.queryContext();
    if (!context) return callback([refusal(responses.CFindResponse.fromRequest(request), 0x0122, 'this SCP does not answer C-FIND')]);
    const messageId = request.getMessageId();
    const transferSyntaxUid = this.negotiated!.getAcceptedPresentationContextFromRequest(request)?.getAcceptedTransferSyntaxUid() ?? constants.TransferSyntax.ImplicitVRLittleEndian;
    const exchange = { request, transferSyntaxUid, peer: this.peer, sequence: ++this.sequence, send: this.sender(request), cancelled: () => this.cancelled.has(messageId) };
    void this.answer(handleCFind(context, exchange), request, responses.CFindResponse.fromRequest(request), callback);
  }

  override cMoveRequest(request: CMoveRequestType, callback: Send<InstanceType<typeof responses.CMoveResponse>>): void {
    const context = this.queryContext();
    if (!context) return callback([refusal(responses.CMoveResponse.fromRequest(request), 0x0122, 'this SCP does not answer C-MOVE')]);
    const exchange = { request, peer: this.peer, sequence: ++this.sequence, send: this.sender(request) };
    void this.answer(handleCMove(context, exchange), request, responses.CMoveResponse.fromRequest(request), callback);
  }

  override cGetRequest(request: CGetRequestType, callback: Send<InstanceType<typeof responses.CGetResponse>>): void {
    const context = this.queryContext();
    if (!context) return callback([refusal(responses.CGetResponse.fromRequest(request), 0x0122, 'this SCP does not answer C-GET')]);
    const exchange = { request, peer: this.peer, sequence: ++this.sequence, association: this.negotiated!, send: this.sender(request), sendStore: (store: CStoreRequest) => this.sendStore(store) };
    void this.answer(handleCGet(context, exchange), request, responses.CGetResponse.fromRequest(request), callback);
  }

  override cCancelRequest(request: { getMessageIdBeingRespondedTo(): number }): void {
    this.cancelled.add(request.getMessageIdBeingRespondedTo());
  }

  override abort(): void {
    this.context.logger.info({ associationId: this.peer.associationId }, 'DIMSE association aborted by the peer');
  }

  /** The context for C-FIND, C-MOVE and C-GET; null on a channel's source (negotiation refuses them there). */
  private queryContext(): QueryRetrieveContext | null {
    return this.context.queryTarget ? (this.context as QueryRetrieveContext) : null;
  }

  /** A C-STORE sub-operation on this association (C-GET): resolves with its status once answered. */
  private sendStore(request: CStoreRequest): Promise<number | undefined> {
    // The peer gone, the sub-operations left fail at once rather than wait for a close already past.
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let status: number | undefined;
      request.on('response', (response: { getStatus(): number }) => {
        status = response.getStatus();
      });
      request.on('done', () => resolve(status));
      this.once('close', () => resolve(status));
      this.sendRequests([request]);
    });
  }

  /**
   * Responses of a C-FIND, C-MOVE or C-GET go out as the handler finds them (dcmjs-dimse's
   * callback may be called only once, so it is called, empty, at the end).
   */
  private sender<T>(request: Parameters<DimseAssociation['sendResponse']>[0]) {
    return (list: T[]) => {
      for (const response of list) this.sendResponse(request, response as Parameters<DimseAssociation['sendResponse']>[1]);
    };
  }

  private async answer<T extends { setStatus(status: number): void; setErrorComment(comment: string): void }>(work: Promise<void>, request: Parameters<DimseAssociation['sendResponse']>[0], failure: T, callback: Send<T>): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.context.logger.error({ err: error, associationId: this.peer.associationId }, 'DIMSE request failed');
      const response = refusal(failure, 0xa700, 'the request could not be processed; try again later');
      this.sendResponse(request, response as unknown as Parameters<DimseAssociation['sendResponse']>[1]);
    }
    callback([]);
  }
}
