import type { Region } from '../../engine/regions/region.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { applyQidoFilters } from './apply-qido-filters.ts';
import type { DicomInstanceRow } from './dicom-instance-row.ts';
import type { QidoQuery } from './parse-qido-query.ts';

/** One QIDO result: an instance row standing for its study or series, with the counts of that level. */
export interface QidoMatch {
  row: DicomInstanceRow;
  studyCount?: number;
  seriesCount?: number;
  instanceCount?: number;
  modalities?: string[];
}

export interface QidoPage {
  matches: QidoMatch[];
  /** Matches past this page (when the page is full), for PS3.18's "additional results" warning. */
  remaining: number;
}

/**
 * Run a QIDO-RS search on the instance index. Studies and series are the groups of their
 * instances, in the order their first instance arrived, so paging with offset is stable
 * while instances are added.
 */
export async function searchDicomIndex(region: Region, store: StoreRecord, query: QidoQuery): Promise<QidoPage> {
  const db = region.db;
  const base = () => {
    const q = db('dicom_instances').where('store_pk', store.pk);
    if (query.studyUid) q.where('study_uid', query.studyUid);
    if (query.seriesUid) q.where('series_uid', query.seriesUid);
    return applyQidoFilters(q, query.filters, region, store.pk);
  };
  if (query.level === 'instance') {
    const rows = await region.read<DicomInstanceRow>(base().select('*').orderBy('id').limit(query.limit + 1).offset(query.offset));
    return page(rows.slice(0, query.limit).map((row) => ({ row })), rows.length > query.limit, query, () => countOf(region, base()));
  }
  const keys = { patient: ['patient_id'], study: ['study_uid'], series: ['study_uid', 'series_uid'] }[query.level];
  const groups = await region.read<{ rep: number | string; instances: number | string; series: number | string; studies: number | string }>(
    base()
      .select(db.raw('min(id) as rep'), db.raw('count(*) as instances'), db.raw('count(distinct series_uid) as series'), db.raw('count(distinct study_uid) as studies'))
      .groupBy(keys)
      .orderBy('rep')
      .limit(query.limit + 1)
      .offset(query.offset),
  );
  const shown = groups.slice(0, query.limit);
  const rows = shown.length === 0 ? [] : await region.read<DicomInstanceRow>(db('dicom_instances').whereIn('id', shown.map((g) => g.rep)).select('*'));
  const byId = new Map(rows.map((row) => [String(row.id), row]));
  const modalities = query.level === 'study' ? await modalitiesOf(region, store, rows.map((r) => r.study_uid)) : new Map<string, string[]>();
  const matches = shown.map((group) => {
    const row = byId.get(String(group.rep))!;
    return { row, instanceCount: Number(group.instances), seriesCount: Number(group.series), studyCount: Number(group.studies), modalities: modalities.get(row.study_uid) ?? [] };
  });
  return page(matches, groups.length > query.limit, query, () => countOf(region, base().select(db.raw('1')).groupBy(keys), true));
}

async function page(matches: QidoMatch[], more: boolean, query: QidoQuery, total: () => Promise<number>): Promise<QidoPage> {
  return { matches, remaining: more ? (await total()) - query.offset - query.limit : 0 };
}

async function countOf(region: Region, query: ReturnType<Region['db']>, grouped = false): Promise<number> {
  const counted = grouped ? region.db.from(query.as('groups')).count({ n: '*' }) : query.clone().clearSelect().clearOrder().count({ n: '*' });
  const [row] = await region.read<{ n: number | string }>(counted);
  return Number(row.n);
}

async function modalitiesOf(region: Region, store: StoreRecord, studies: string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (studies.length === 0) return found;
  const rows = await region.read<{ study_uid: string; modality: string | null }>(
    region.db('dicom_instances').where('store_pk', store.pk).whereIn('study_uid', studies).distinct('study_uid', 'modality'),
  );
  for (const { study_uid, modality } of rows) if (modality) found.set(study_uid, [...(found.get(study_uid) ?? []), modality].sort());
  return found;
}
