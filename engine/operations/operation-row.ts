import type { Region } from '../regions/region.ts';
import { operationName, type Operation, type OperationStatus, type ProgressCounter } from './operation.ts';

/** A row of the `operations` table as the drivers return it. */
export interface OperationRow {
  id: string;
  project: string;
  dataset_id: string;
  api_method_name: string;
  kind: string | null;
  request: unknown;
  /** Epoch milliseconds; PostgreSQL returns bigint as a string. */
  create_time: number | string;
  end_time: number | string | null;
  /** SQLite returns 0 and 1. */
  done: boolean | number;
  cancel_requested: boolean | number;
  counter: unknown;
  progress_percent: number | null;
  checkpoint: unknown;
  response: unknown;
  error: unknown;
  lease_owner: string | null;
  lease_until: number | string | null;
}

export function fromOperationRow(region: Region, row: OperationRow): Operation {
  const json = <T>(value: unknown): T | null => (value === null || value === undefined ? null : region.dialect.fromJson<T>(value));
  return {
    id: row.id,
    project: row.project,
    location: region.name,
    dataset: row.dataset_id,
    name: operationName(row.project, region.name, row.dataset_id, row.id),
    apiMethodName: row.api_method_name,
    kind: row.kind,
    request: json(row.request),
    createTime: new Date(Number(row.create_time)),
    endTime: row.end_time === null ? null : new Date(Number(row.end_time)),
    done: Boolean(row.done),
    cancelRequested: Boolean(row.cancel_requested),
    counter: json<ProgressCounter>(row.counter),
    progressPercent: row.progress_percent,
    checkpoint: json(row.checkpoint),
    response: json(row.response),
    error: json<OperationStatus>(row.error),
  };
}

/** JSON for a nullable JSON column: SQL NULL for a missing value, so it reads back as null. */
export function toJsonColumn(region: Region, value: unknown): unknown {
  return value === undefined || value === null ? null : region.dialect.toJson(value);
}
