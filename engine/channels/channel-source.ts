/**
 * A channel's source connector as the engine runs it (MLLP listener, watched folder, the
 * HTTP `:send` endpoint; later the DIMSE SCP): started when the channel runs, stopped when
 * it is paused or the engine stops. A stopped source can be started again.
 */
export interface ChannelSource {
  /** `mllp`, `http`, `directory`. */
  readonly type: string;
  /** Resolves once it takes messages. */
  start(): Promise<void>;
  /** Stops taking messages; those in hand finish. */
  stop(): Promise<void>;
  /** Where it takes messages (`127.0.0.1:2575`, a folder, a URL path), for the channel API. */
  describe(): string;
}
