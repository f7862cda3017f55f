import { ApiError } from '../../engine/errors/api-error.ts';
import type { DicomInstanceRow } from '../../stores/dicom/dicom-instance-row.ts';
import { constants, type DimseDataset } from './dcmjs-dimse.ts';
import type { QueryRetrieveContext } from './dimse-context.ts';
import { findRetrieveInstances } from './find-retrieve-instances.ts';
import { readFindIdentifier } from './find-identifier.ts';

/** What a C-MOVE or C-GET identifier names: the instances, or why it cannot be answered. */
export type RetrieveResolution = { rows: DicomInstanceRow[] } | { status: number; comment: string };

export async function resolveRetrieve(context: QueryRetrieveContext, identifierDataset: DimseDataset | undefined): Promise<RetrieveResolution> {
  const identifier = readFindIdentifier(identifierDataset?.getElements() ?? {});
  if (!identifier) return { status: constants.Status.InvalidArgumentValue, comment: 'QueryRetrieveLevel must be PATIENT, STUDY, SERIES or IMAGE' };
  const store = await context.queryTarget.resolve();
  if (!store) return { status: 0xc001, comment: 'the query/retrieve store does not exist' };
  try {
    return { rows: await findRetrieveInstances(context.queryTarget, store, identifier) };
  } catch (error) {
    if (error instanceof ApiError) return { status: 0xa900, comment: error.message };
    throw error;
  }
}

/** A final response that refuses the request, with an Error Comment (an LO: 64 characters). */
export function refusal<T extends { setStatus(status: number): void; setErrorComment(comment: string): void }>(response: T, status: number, comment: string): T {
  response.setStatus(status);
  response.setErrorComment(comment.length > 64 ? `${comment.slice(0, 61)}...` : comment);
  return response;
}
