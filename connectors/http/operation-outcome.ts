import { ApiError } from '../../engine/errors/api-error.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: Array<{ severity: 'fatal' | 'error' | 'warning' | 'information'; code: string; diagnostics?: string; expression?: string[] }>;
}

/** FHIR's issue type per HTTP status (the IssueType value set). */
function issueCodeOf(status: number): string {
  switch (status) {
    case 400: return 'invalid';
    case 401: return 'login';
    case 403: return 'forbidden';
    case 404: return 'not-found';
    case 406: case 415: case 501: return 'not-supported';
    case 409: case 412: return 'conflict';
    case 410: return 'deleted';
    case 413: return 'too-costly';
    case 429: return 'throttled';
    default: return status >= 500 ? 'exception' : 'processing';
  }
}

export function operationOutcome(status: number, diagnostics: string, severity: 'error' | 'information' = 'error', expressions?: string[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code: severity === 'information' ? 'informational' : issueCodeOf(status), diagnostics, ...(expressions ? { expression: expressions } : {}) }] };
}

/** Any error as an OperationOutcome; unexpected errors never leak their message. */
export function toOperationOutcomeError(error: unknown): { httpStatus: number; body: OperationOutcome } {
  if (error instanceof ApiError) {
    const body = operationOutcome(error.httpStatus, error.message);
    for (const detail of error.details) {
      const issue = detail as { location?: string; message?: string };
      if (issue.location && issue.message) body.issue.push({ severity: 'error', code: 'structure', diagnostics: issue.message, expression: [issue.location] });
    }
    return { httpStatus: error.httpStatus, body };
  }
  return { httpStatus: 500, body: operationOutcome(500, 'internal error; the request id in the logs has the cause') };
}
