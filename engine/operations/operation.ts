/**
 * A long-running operation (Google's `google.longrunning.Operation`) as the engine keeps
 * it: durable in the database of its dataset's region, so any engine process can run it
 * and a restarted one resumes it.
 */
export interface Operation {
  /** Decimal id, unique in its region (`.../operations/{id}`). */
  readonly id: string;
  readonly project: string;
  readonly location: string;
  readonly dataset: string;
  /** Full resource name: `projects/{p}/locations/{l}/datasets/{d}/operations/{id}`. */
  readonly name: string;
  /** The API method that started it, e.g. `google.cloud.healthcare.v1.fhir.FhirStoreService.ImportResources`. */
  readonly apiMethodName: string;
  /** Which registered handler runs it (`fhir-import`, ...); null for one created done. */
  readonly kind: string | null;
  /** What the handler needs to start the work: the original request, as JSON. */
  readonly request: unknown;
  readonly createTime: Date;
  readonly endTime: Date | null;
  readonly done: boolean;
  readonly cancelRequested: boolean;
  readonly counter: ProgressCounter | null;
  readonly progressPercent: number | null;
  /** The JSON the handler saved last, handed back when the operation resumes. */
  readonly checkpoint: unknown;
  /** Set when done without error. */
  readonly response: unknown;
  /** Set when done with an error (cancelled, failed). */
  readonly error: OperationStatus | null;
}

/** Google's `ProgressCounter`: items processed so far. */
export interface ProgressCounter {
  success: number;
  failure: number;
  pending: number;
}

/** Google's `google.rpc.Status`: `code` is the canonical gRPC code number, not an HTTP status. */
export interface OperationStatus {
  code: number;
  message: string;
  details?: unknown[];
}

export function operationName(project: string, location: string, dataset: string, id: string): string {
  return `projects/${project}/locations/${location}/datasets/${dataset}/operations/${id}`;
}
