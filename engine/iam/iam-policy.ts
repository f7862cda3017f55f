/**
 * An IAM policy in Google's JSON shape. Plexus keeps version 1 policies (no conditions);
 * `etag` is base64 and changes on every write.
 */
export interface IamBinding {
  role: string;
  members: string[];
}

export interface IamPolicy {
  version: 1;
  bindings: IamBinding[];
  etag: string;
}

/** The etag Google gives a resource that never had a policy set. */
export const EMPTY_POLICY_ETAG = 'ACAB';

export function emptyPolicy(): IamPolicy {
  return { version: 1, bindings: [], etag: EMPTY_POLICY_ETAG };
}

/** The policy as Google's API returns it: empty `bindings` left out, as proto3 JSON does. */
export function toPolicyJson(policy: IamPolicy): Record<string, unknown> {
  return policy.bindings.length > 0
    ? { version: policy.version, etag: policy.etag, bindings: policy.bindings }
    : { version: policy.version, etag: policy.etag };
}
