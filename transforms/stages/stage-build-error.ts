/**
 * A stage that cannot be built from a valid config, such as a script whose default export
 * is not a function: the channel cannot start. The message names the stage and its file.
 */
export class StageBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageBuildError';
  }
}
