import { ApiError, type ErrorCode } from '../errors/api-error.ts';
import type { OperationStatus } from './operation.ts';

/** google.rpc.Code numbers. Codes HTTP has and gRPC lacks map to what a gRPC client would see. */
const RPC_CODE: Record<ErrorCode, number> = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
  PAYLOAD_TOO_LARGE: 3,
  UNSUPPORTED_MEDIA_TYPE: 3,
  NOT_ACCEPTABLE: 3,
  PRECONDITION_FAILED: 9,
  GONE: 5,
};

export const cancelledStatus: OperationStatus = { code: RPC_CODE.CANCELLED, message: 'operation was cancelled' };

/**
 * The status a failed operation ends with. Typed errors keep their message; anything else
 * is an internal error whose text stays in the engine's log, never in the operation.
 */
export function toOperationStatus(error: unknown): OperationStatus {
  if (!(error instanceof ApiError)) {
    return { code: RPC_CODE.INTERNAL, message: 'internal error; the engine log has the cause' };
  }
  const status: OperationStatus = { code: RPC_CODE[error.code], message: error.message };
  if (error.details.length > 0) status.details = error.details;
  return status;
}
