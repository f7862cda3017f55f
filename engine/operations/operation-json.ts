import type { Operation, OperationStatus, ProgressCounter } from './operation.ts';

const METADATA_TYPE = 'type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata';
/** What Google answers for an operation whose method returns nothing. */
const EMPTY_RESPONSE = { '@type': 'type.googleapis.com/google.protobuf.Empty' };

/**
 * An operation as Google's REST API returns it (`google.longrunning.Operation`). Type
 * aliases rather than interfaces, so the JSON is assignable to `Record<string, unknown>`.
 */
export type OperationJson = {
  name: string;
  metadata: OperationMetadataJson;
  done?: true;
  error?: OperationStatus;
  response?: unknown;
};

export type OperationMetadataJson = {
  '@type': typeof METADATA_TYPE;
  apiMethodName: string;
  createTime: string;
  endTime?: string;
  cancelRequested?: true;
  /** int64 values, so strings, as in proto3 JSON. */
  counter?: { success?: string; failure?: string; pending?: string };
  progressPercent?: number;
};

/**
 * Proto3 JSON as Google emits it: fields at their default (false, 0, unset) are left out,
 * so a running operation has no `done` and a zero counter no entry.
 */
export function toOperationJson(operation: Operation): OperationJson {
  const json: OperationJson = { name: operation.name, metadata: toMetadataJson(operation) };
  if (!operation.done) return json;
  json.done = true;
  if (operation.error) json.error = operation.error;
  else json.response = operation.response ?? EMPTY_RESPONSE;
  return json;
}

function toMetadataJson(operation: Operation): OperationMetadataJson {
  const metadata: OperationMetadataJson = {
    '@type': METADATA_TYPE,
    apiMethodName: operation.apiMethodName,
    createTime: operation.createTime.toISOString(),
  };
  if (operation.endTime) metadata.endTime = operation.endTime.toISOString();
  if (operation.cancelRequested) metadata.cancelRequested = true;
  if (operation.counter) metadata.counter = toCounterJson(operation.counter);
  if (operation.progressPercent !== null) metadata.progressPercent = operation.progressPercent;
  return metadata;
}

function toCounterJson(counter: ProgressCounter): OperationMetadataJson['counter'] {
  const json: OperationMetadataJson['counter'] = {};
  for (const key of ['success', 'failure', 'pending'] as const) {
    if (counter[key] !== 0) json[key] = String(counter[key]);
  }
  return json;
}
