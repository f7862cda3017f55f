import { constants } from './dcmjs-dimse.ts';

interface CountedResponse {
  setStatus(status: number): void;
  setRemaining(remaining: number): void;
  setCompleted(completed: number): void;
  setFailures(failures: number): void;
  setWarnings(warnings: number): void;
}

/** The C-STORE sub-operations of a C-MOVE or C-GET, counted as PS3.4 C.4.2.3.1 reports them. */
export class SubOperations {
  completed = 0;
  failed = 0;
  warnings = 0;

  constructor(readonly total: number) {}

  /** Count one sub-operation by its C-STORE status (no status: it never got an answer). */
  count(status: number | undefined): void {
    if (status === constants.Status.Success) this.completed++;
    else if (status !== undefined && (status & 0xf000) === 0xb000) this.warnings++;
    else this.failed++;
  }

  get remaining(): number {
    return this.total - this.completed - this.failed - this.warnings;
  }

  /** Fill a Pending response (remaining included) or the final one (Success, or B000 when any failed). */
  fill<T extends CountedResponse>(response: T, final: boolean): T {
    response.setStatus(final ? (this.failed > 0 ? 0xb000 : constants.Status.Success) : constants.Status.Pending);
    if (!final) response.setRemaining(this.remaining);
    response.setCompleted(this.completed);
    response.setFailures(this.failed);
    response.setWarnings(this.warnings);
    return response;
  }
}
