/**
 * Who is calling. `id` is an IAM member string: `user:alice@example.org`,
 * `serviceAccount:feed@acme.iam`, or `anonymous` when authentication is off.
 */
export interface Principal {
  readonly id: string;
  readonly authenticated: boolean;
}

export const anonymous: Principal = { id: 'anonymous', authenticated: false };
