import type { QidoLevel } from '../../../stores/dicom/qido-attributes.ts';
import { parseQidoQuery } from '../../../stores/dicom/parse-qido-query.ts';
import { qidoResultJson } from '../../../stores/dicom/qido-result-json.ts';
import { searchDicomIndex } from '../../../stores/dicom/search-dicom-index.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { DICOM_JSON, DICOMWEB, dicomWebBaseOf, dicomWebRoute, instanceUrl, requireDicomStore, scopeOf } from '../dicomweb-request.ts';

/**
 * QIDO-RS (PS3.18 10.6): a JSON array of DICOM JSON results. `fuzzymatching=true` is
 * answered with literal matching and the Warning PS3.18 8.3.4.2 gives; a full page with
 * more results after it carries the "additional results" Warning of 8.3.4.4.
 */
function search(level: QidoLevel) {
  return async (request: ApiRequest): Promise<ApiResponse> => {
    const store = await requireDicomStore(request);
    const scope = scopeOf(request);
    const query = parseQidoQuery(level, { studyUid: scope.studyUid, seriesUid: scope.seriesUid }, request.query);
    const page = await searchDicomIndex(request.region!, store, query);
    const base = dicomWebBaseOf(request);
    const results = page.matches.map((match) => {
      const { row } = match;
      const url = level === 'study' ? `${base}/studies/${row.study_uid}` : level === 'series' ? `${base}/studies/${row.study_uid}/series/${row.series_uid}` : instanceUrl(base, row);
      return qidoResultJson(match, query, url);
    });
    const warnings: string[] = [];
    if (query.fuzzyAsked) warnings.push(`299 ${base}: The fuzzymatching parameter is not supported. Only literal matching has been performed.`);
    if (page.remaining > 0) warnings.push(`299 ${base}: There are ${page.remaining} additional results that can be requested`);
    return { headers: { 'content-type': DICOM_JSON, ...(warnings.length ? { warning: warnings.join(', ') } : {}) }, body: results };
  };
}

export function dicomWebQidoRoutes(): ApiRoute[] {
  const routes: Array<[string, QidoLevel]> = [
    ['studies', 'study'],
    ['series', 'series'],
    ['instances', 'instance'],
    ['studies/{study}/series', 'series'],
    ['studies/{study}/instances', 'instance'],
    ['studies/{study}/series/{series}/instances', 'instance'],
  ];
  return routes.map(([path, level]) => ({
    ...dicomWebRoute,
    method: 'GET',
    pattern: `${DICOMWEB}/${path}`,
    permission: 'healthcare.dicomStores.dicomWebRead',
    logType: 'DATA_READ',
    handler: search(level),
  }));
}
