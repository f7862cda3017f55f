import { isBlobReferenced } from '../../engine/regions/blob-references.ts';
import { BlobStore } from '../../engine/regions/blob-store.ts';
import type { Region } from '../../engine/regions/region.ts';

/** Remove the bytes of blobs no row refers to any more (erasure, not just unlinking). */
export async function deleteUnreferencedBlobs(region: Region, candidates: Iterable<string>): Promise<void> {
  const blobs = new BlobStore(region.blobs);
  for (const sha256 of new Set(candidates)) {
    if (!(await isBlobReferenced(region.db, sha256))) await blobs.delete(sha256);
  }
}
