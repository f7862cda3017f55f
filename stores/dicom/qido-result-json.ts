import type { DicomJson, DicomJsonAttribute } from '../../transforms/dicom/dicom-json.ts';
import { attributesOfLevel } from './qido-attributes.ts';
import type { QidoQuery } from './parse-qido-query.ts';
import type { QidoMatch } from './search-dicom-index.ts';

/**
 * One QIDO-RS result in the DICOM JSON model (PS3.18 10.6.3.3): the level's attributes
 * (empty when the instance has none), the counts and RetrieveURL, and the includefield
 * attributes the instance carries.
 */
export function qidoResultJson(match: QidoMatch, query: QidoQuery, retrieveUrl: string | null): DicomJson {
  const metadata = JSON.parse(match.row.metadata) as DicomJson;
  const result: DicomJson = {};
  for (const attribute of attributesOfLevel(query.level)) {
    if (attribute.matching === 'modalities') result[attribute.tag] = valued('CS', match.modalities ?? []);
    else result[attribute.tag] = metadata[attribute.tag] ?? { vr: attribute.vr };
  }
  const extra = query.includeAll ? Object.keys(metadata).filter((tag) => query.level === 'instance' || tag.startsWith('0010')) : query.includeTags;
  for (const tag of extra) if (metadata[tag] && !metadata[tag].BulkDataURI) result[tag] ??= metadata[tag];
  result['00080056'] = valued('CS', ['ONLINE']);
  if (retrieveUrl) result['00081190'] = valued('UR', [retrieveUrl]);
  if (query.level === 'patient') {
    result['00201200'] = valued('IS', [match.studyCount ?? 0]);
    result['00201202'] = valued('IS', [match.seriesCount ?? 0]);
    result['00201204'] = valued('IS', [match.instanceCount ?? 0]);
  } else if (query.level === 'study') {
    result['00201206'] = valued('IS', [match.seriesCount ?? 0]);
    result['00201208'] = valued('IS', [match.instanceCount ?? 0]);
  } else if (query.level === 'series') {
    result['00201209'] = valued('IS', [match.instanceCount ?? 0]);
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function valued(vr: string, values: Array<string | number>): DicomJsonAttribute {
  return values.length ? { vr, Value: values } : { vr };
}
