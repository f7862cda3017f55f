import type { Stage, StageConfig, StageContext } from '../../engine/channels/stage.ts';
import { filterStage } from './filter-stage.ts';
import { lookupStage } from './lookup-stage.ts';
import { parseDicomStage } from './parse-dicom-stage.ts';
import { parseStage } from './parse-stage.ts';
import { removeStage } from './remove-stage.ts';
import { scriptStage } from './script-stage.ts';
import { setStage } from './set-stage.ts';

/**
 * The registry of stage kinds: a channel's stages built from its validated config, each
 * labelled as the journal and errors name it (`stages[2].set`). Shared by the engine
 * (engine/main.ts) and the dry run (`plexus channel test`), so both run the same stages.
 * Later issues add map, validate and deidentify here. Throws a StageBuildError when a stage
 * cannot be built (a script whose default export is not a function).
 */
export function buildStages(configs: readonly StageConfig[]): Stage[] {
  let parsedAs: StageContext['parsedAs'] = null;
  return configs.map((config, i) => {
    const stage = buildStage(config, { label: stageLabel(config, i), parsedAs });
    if (config.kind === 'parse') parsedAs = config.format;
    return stage;
  });
}

/** `stages[2].set`: the stage's key in the channel file, as the journal and errors name it. */
export function stageLabel(config: StageConfig, index: number): string {
  return `stages[${index}].${config.kind}`;
}

function buildStage(config: StageConfig, context: StageContext): Stage {
  switch (config.kind) {
    case 'parse': return config.format === 'dicom' ? parseDicomStage(config, context) : parseStage(config, context);
    case 'filter': return filterStage(config, context);
    case 'set': return setStage(config, context);
    case 'remove': return removeStage(config, context);
    case 'lookup': return lookupStage(config, context);
    case 'script': return scriptStage(config, context);
  }
}
