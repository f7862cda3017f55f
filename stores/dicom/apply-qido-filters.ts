import type { Knex } from 'knex';
import type { Region } from '../../engine/regions/region.ts';
import type { QidoFilter } from './parse-qido-query.ts';

/**
 * QIDO matching (PS3.4 C.2.2.2) as SQL on dicom_instances: UID lists, single values,
 * `*` and `?` wildcards (person names case-insensitively, other strings case-sensitively on
 * both dialects), and date and time ranges compared as the fixed-width strings they are.
 */
export function applyQidoFilters(query: Knex.QueryBuilder, filters: readonly QidoFilter[], region: Region, storePk: number): Knex.QueryBuilder {
  for (const filter of filters) {
    const { attribute } = filter;
    if (attribute.matching === 'modalities' && filter.kind === 'values') {
      query.whereIn('study_uid', region.db('dicom_instances').where('store_pk', storePk).whereIn('modality', filter.values).select('study_uid'));
      continue;
    }
    const column = attribute.column!;
    if (filter.kind === 'range') {
      if (filter.from) query.where(column, '>=', filter.from);
      if (filter.to) query.where(column, '<=', attribute.matching === 'time' ? `${filter.to}~` : filter.to);
    } else if (filter.kind === 'pattern') {
      wildcard(query, column, filter.pattern, attribute.matching === 'name', region);
    } else if (attribute.matching === 'name') {
      query.whereRaw('lower(??) = lower(?)', [column, filter.values[0]]);
    } else if (attribute.matching === 'time') {
      query.where((q) => q.where(column, filter.values[0]).orWhere(column, 'like', `${filter.values[0]}.%`));
    } else if (attribute.matching === 'number') {
      query.where(column, Number(filter.values[0]));
    } else {
      query.whereIn(column, filter.values);
    }
  }
  return query;
}

function wildcard(query: Knex.QueryBuilder, column: string, pattern: string, caseInsensitive: boolean, region: Region): void {
  const like = pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
  if (caseInsensitive) {
    query.whereRaw(`lower(??) LIKE lower(?) ESCAPE '\\'`, [column, like]);
  } else if (region.dialect.name === 'postgres') {
    query.whereRaw(`?? LIKE ? ESCAPE '\\'`, [column, like]);
  } else {
    // SQLite's LIKE ignores ASCII case; GLOB does not. Brackets make glob's specials literal.
    const glob = pattern.replace(/[[\]]/g, (c) => `[${c}]`);
    query.whereRaw('?? GLOB ?', [column, glob]);
  }
}
