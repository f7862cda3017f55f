/**
 * A typed error with a canonical code. Translated to a protocol answer only at the
 * edge (Google error JSON, OperationOutcome, ACK code, DIMSE status).
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  /** An HTTP precondition (If-Match, a conditional operation's single match) did not hold: 412. */
  | 'PRECONDITION_FAILED'
  | 'OUT_OF_RANGE'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  /** The resource existed and was deleted (FHIR read of a tombstone): 410. */
  | 'GONE'
  | 'ALREADY_EXISTS'
  | 'ABORTED'
  | 'RESOURCE_EXHAUSTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'NOT_ACCEPTABLE'
  | 'CANCELLED'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** HTTP status per code, as Google Cloud APIs map them. */
const httpStatusOf: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  PRECONDITION_FAILED: 412,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  GONE: 410,
  ALREADY_EXISTS: 409,
  ABORTED: 409,
  RESOURCE_EXHAUSTED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_ACCEPTABLE: 406,
  CANCELLED: 499,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Extra structured detail for the client (Google's error.details). */
  readonly details: unknown[];

  constructor(code: ErrorCode, message: string, details: unknown[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return httpStatusOf[this.code];
  }
}

export const invalidArgument = (message: string): ApiError => new ApiError('INVALID_ARGUMENT', message);
export const notFound = (message: string): ApiError => new ApiError('NOT_FOUND', message);
export const alreadyExists = (message: string): ApiError => new ApiError('ALREADY_EXISTS', message);
