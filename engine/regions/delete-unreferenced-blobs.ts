import { isBlobReferenced } from './blob-references.ts';
import { BlobStore } from './blob-store.ts';
import type { Region } from './region.ts';

/**
 * Remove the bytes of blobs no row refers to any more (erasure, not just unlinking): a
 * deleted DICOM instance, a pruned journal message, a forward delivery sent from a blob
 * nothing else keeps. `blobs` is the region's blob store unless given.
 */
export async function deleteUnreferencedBlobs(region: Region, candidates: Iterable<string>, blobs = new BlobStore(region.blobs)): Promise<void> {
  for (const sha256 of new Set(candidates)) {
    if (!(await isBlobReferenced(region.db, sha256))) await blobs.delete(sha256);
  }
}
