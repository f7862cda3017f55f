import { ApiError } from '../../engine/errors/api-error.ts';
import { PUBSUB_TOPIC } from '../../engine/notifications/to-nats-subject.ts';
import { parseHl7v2Filter } from '../hl7v2/hl7v2-filter-parser.ts';
import { BASE64 } from './base64.ts';
import type { FieldSpecs } from './config-fields.ts';
import type { StoreType } from './resource-names.ts';

/**
 * Each store type's configuration fields, as in Google Cloud Healthcare API v1
 * (FhirStore, Hl7V2Store, DicomStore). `name` is output only and accepted as given.
 */
const notificationTarget = {
  pubsubTopic: {
    kind: 'string',
    pattern: PUBSUB_TOPIC,
    hint: "a topic name projects/PROJECT/topics/TOPIC (letters, digits and '-_~+%'; it becomes the NATS subject projects.PROJECT.topics.TOPIC)",
  },
} as const satisfies FieldSpecs;

/** A webhook of plexus.yaml's notifications.webhooks, by name (config/read-notifications.ts has the same rule). */
const WEBHOOK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/**
 * An HL7v2 store's notificationConfigs entry: Google's pubsubTopic and filter, and the
 * Plexus extension `webhook`, which names a webhook of plexus.yaml so that its secret never
 * sits in store configuration. The filter is messages.list's, checked now rather than at
 * the first message.
 */
const hl7v2NotificationConfig = {
  kind: 'object',
  fields: {
    ...notificationTarget,
    filter: { kind: 'string', check: filterProblem },
    webhook: { kind: 'string', pattern: WEBHOOK_NAME, hint: "the name of a webhook in plexus.yaml's notifications.webhooks" },
  },
  check: (entry) => (entry.pubsubTopic === undefined && entry.webhook === undefined ? 'set pubsubTopic, webhook or both: where the notifications go' : null),
} as const satisfies FieldSpecs[string];

function filterProblem(filter: string): string | null {
  try {
    parseHl7v2Filter(filter);
    return null;
  } catch (error) {
    if (error instanceof ApiError) return error.message;
    throw error;
  }
}

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
        fields: {
          ...notificationTarget,
          sendFullResource: { kind: 'boolean' },
          sendPreviousResourceOnDelete: { kind: 'boolean' },
          webhook: { kind: 'string', pattern: WEBHOOK_NAME, hint: "the name of a webhook in plexus.yaml's notifications.webhooks" },
        },
        check: (entry) => (entry.pubsubTopic === undefined && entry.webhook === undefined ? 'set pubsubTopic, webhook or both: where the notifications go' : null),
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
    notificationConfigs: { kind: 'array', items: hl7v2NotificationConfig },
    labels: { kind: 'labels' },
  },
  dicom: {
    name: { kind: 'string' },
    notificationConfig: {
      kind: 'object',
      fields: {
        ...notificationTarget,
        sendForBulkImport: { kind: 'boolean' },
        webhook: { kind: 'string', pattern: WEBHOOK_NAME, hint: "the name of a webhook in plexus.yaml's notifications.webhooks" },
      },
    },
    /** Plexus extension: other bytes under a stored SOP Instance UID replace it instead of being refused (0110). */
    overwriteExistingInstances: { kind: 'boolean' },
    labels: { kind: 'labels' },
  },
};
