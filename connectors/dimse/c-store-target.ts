import type { BlobStore } from '../../engine/regions/blob-store.ts';
import type { FinishedUpload } from '../../engine/regions/blob-upload.ts';
import type { AssociationPeer } from './association-peer.ts';

/** A C-STORE's answer: its status and, for a failure, the Error Comment. */
export interface CStoreOutcome {
  status: number;
  comment?: string;
}

/** The Error Comment of 0110 (it holds 64 characters; the journal and the audit log keep the whole reason). */
export const DUPLICATE_INSTANCE_COMMENT = 'SOP Instance UID stored already with other content';

/**
 * Where a DIMSE listener's C-STOREs go once their data set is on disk: a DICOM store (a
 * plexus.yaml listener) or a channel (`source: { dimse }`). Each answers Success only once
 * the instance is committed.
 */
export interface CStoreTarget {
  /** The blob store the data sets stream into: the region they land in. */
  readonly blobs: BlobStore;
  /** Take a received instance (its upload is moved into the blob store or removed). */
  store(upload: FinishedUpload, peer: AssociationPeer, sequence: number): Promise<CStoreOutcome>;
  /** Audit a C-STORE refused before it reached the target (over the size limit). */
  recordRefusal(peer: AssociationPeer, sequence: number, status: number): void;
  /** An association ended (a channel ends its ordering group). */
  associationClosed?(associationId: string): void;
}
