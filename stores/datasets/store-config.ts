import { BASE64 } from './base64.ts';
import type { FieldSpecs } from './config-fields.ts';
import type { StoreType } from './resource-names.ts';

/**
 * Each store type's configuration fields, as in Google Cloud Healthcare API v1
 * (FhirStore, Hl7V2Store, DicomStore). `name` is output only and accepted as given.
 */
const notificationTarget = {
  pubsubTopic: { kind: 'string' },
} as const satisfies FieldSpecs;

export const STORE_CONFIG_FIELDS: Record<StoreType, FieldSpecs> = {
  fhir: {
    name: { kind: 'string' },
    version: { kind: 'enum', values: ['R4', 'STU3', 'DSTU2'], immutable: true, required: true },
    enableUpdateCreate: { kind: 'boolean' },
    disableReferentialIntegrity: { kind: 'boolean', immutable: true },
    disableResourceVersioning: { kind: 'boolean', immutable: true },
    defaultSearchHandlingStrict: { kind: 'boolean' },
    complexDataTypeReferenceParsing: { kind: 'enum', values: ['COMPLEX_DATA_TYPE_REFERENCE_PARSING_UNSPECIFIED', 'DISABLED', 'ENABLED'] },
    notificationConfigs: {
      kind: 'array',
      items: {
        kind: 'object',
        fields: { ...notificationTarget, sendFullResource: { kind: 'boolean' }, sendPreviousResourceOnDelete: { kind: 'boolean' } },
      },
    },
    labels: { kind: 'labels' },
  },
  hl7v2: {
    name: { kind: 'string' },
    parserConfig: {
      kind: 'object',
      fields: {
        allowNullHeader: { kind: 'boolean' },
        segmentTerminator: { kind: 'string', pattern: BASE64, hint: 'base64-encoded bytes, for example "DQ==" for CR' },
        version: { kind: 'enum', values: ['PARSER_VERSION_UNSPECIFIED', 'V1', 'V2', 'V3'], immutable: true },
      },
    },
    rejectDuplicateMessage: { kind: 'boolean' },
    notificationConfigs: { kind: 'array', items: { kind: 'object', fields: { ...notificationTarget, filter: { kind: 'string' } } } },
    labels: { kind: 'labels' },
  },
  dicom: {
    name: { kind: 'string' },
    notificationConfig: { kind: 'object', fields: { ...notificationTarget, sendForBulkImport: { kind: 'boolean' } } },
    labels: { kind: 'labels' },
  },
};
