import { ApiError } from '../../engine/errors/api-error.ts';

/** Google Cloud's error body: `{"error": {"code": 404, "message": "...", "status": "NOT_FOUND"}}`. */
export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

/** Translate any error to Google's form. Unexpected errors never leak their message or stack. */
export function toGoogleError(error: unknown): { httpStatus: number; body: GoogleErrorBody } {
  if (error instanceof ApiError) {
    const body: GoogleErrorBody = { error: { code: error.httpStatus, message: error.message, status: error.code } };
    if (error.details.length > 0) body.error.details = error.details;
    return { httpStatus: error.httpStatus, body };
  }
  return {
    httpStatus: 500,
    body: { error: { code: 500, message: 'internal error; the request id in the logs has the cause', status: 'INTERNAL' } },
  };
}
