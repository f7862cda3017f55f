/**
 * The predefined IAM roles, by name: what `iam.bindings` may grant. Their permissions are
 * in engine/iam/roles.ts, which checks at load that it defines exactly these.
 */
export const IAM_ROLE_NAMES: readonly string[] = [
  'roles/healthcare.datasetViewer',
  'roles/healthcare.datasetAdmin',
  'roles/healthcare.fhirStoreViewer',
  'roles/healthcare.fhirStoreAdmin',
  'roles/healthcare.fhirResourceReader',
  'roles/healthcare.fhirResourceEditor',
  'roles/healthcare.dicomStoreViewer',
  'roles/healthcare.dicomStoreAdmin',
  'roles/healthcare.dicomViewer',
  'roles/healthcare.dicomEditor',
  'roles/healthcare.hl7V2StoreViewer',
  'roles/healthcare.hl7V2StoreAdmin',
  'roles/healthcare.hl7V2Ingest',
  'roles/healthcare.hl7V2Consumer',
  'roles/healthcare.hl7V2Editor',
  'roles/plexus.channelViewer',
  'roles/plexus.channelAdmin',
  'roles/plexus.channelSender',
  'roles/plexus.auditViewer',
  'roles/plexus.admin',
];
