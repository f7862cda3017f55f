/**
 * Naming rules the config checks before anything starts. They repeat the API's rules
 * (config/ imports nothing of ours), so a name the config accepts the API accepts too.
 */

/** Google's location names: `us-central1`, `europe-west4`. */
export const LOCATION = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const LOCATION_RULE = "a location name is lowercase letters, digits and '-', starts with a letter and does not end with '-' (like us-central1)";

/** Project, dataset and store IDs. */
export const RESOURCE_ID = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,256}$/;
export const RESOURCE_ID_RULE = "must be 1 to 256 characters of A-Z, a-z, 0-9, '_', '-' and '.', and not '.' or '..'";

/** An identity that can authenticate: `user:alice@example.org`, `serviceAccount:feed@acme.iam`. */
export const IDENTITY = /^(user|serviceAccount):[^\s,]{1,320}$/;
export const IDENTITY_RULE = 'must be an IAM member such as user:alice@example.org or serviceAccount:lab-feed';

/** An IAM binding member: an identity or everyone (no groups or domains: Plexus has no directory to resolve them). */
export const MEMBER = /^((user|serviceAccount):[^\s,]{1,320}|allUsers|allAuthenticatedUsers)$/;
export const MEMBER_RULE = 'must be an IAM member: user:EMAIL, serviceAccount:EMAIL, allUsers or allAuthenticatedUsers';

/** A predefined or Plexus role: `roles/healthcare.fhirResourceReader`. */
export const ROLE = /^roles\/[A-Za-z0-9_.]+$/;
export const ROLE_RULE = 'must be a role name such as roles/healthcare.fhirResourceReader';
