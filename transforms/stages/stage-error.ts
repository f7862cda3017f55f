/**
 * A stage's typed failure. `content` errors answer AE/CE (resending will not help);
 * `system` errors answer AR/CR. `code` is HL7 table 0357's; `unparseable` input is
 * answered AR with what can be read of its header.
 */
export class StageError extends Error {
  constructor(
    message: string,
    readonly kind: 'content' | 'system' = 'content',
    readonly code = 207,
    readonly unparseable = false,
  ) {
    super(message);
    this.name = 'StageError';
  }
}
