import type { ChannelConfig } from '../../config/channel-config.ts';
import type { Stage } from '../../engine/channels/stage.ts';
import { buildStages } from '../../transforms/stages/build-stages.ts';
import { StageBuildError } from '../../transforms/stages/stage-build-error.ts';

/**
 * The channel's stages as the engine builds them, or null after printing why they cannot
 * be built: what loading the file cannot find, such as a script without a default function.
 */
export function buildChannelStages(channel: ChannelConfig): Stage[] | null {
  try {
    return buildStages(channel.stages);
  } catch (error) {
    if (!(error instanceof StageBuildError)) throw error;
    console.error(`${channel.file}: ${error.message}`);
    return null;
  }
}
