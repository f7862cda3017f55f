const MASK = '********';

/** Keys whose values are secrets or stand in for one (a key's hash still identifies the key). */
const SECRET_KEY = /secret|password|passwd|token|credential|keySha256|privateKey/i;

/** `scheme://user:password@host`: the password part. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)([^@/]+)@/i;

/**
 * A copy of a configuration fit for printing and logging: secret-like values replaced by
 * asterisks and passwords in URLs (database URLs) masked, the rest untouched.
 */
export function maskSecrets<T>(config: T): T {
  return maskValue(config, '') as T;
}

function maskValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') return SECRET_KEY.test(key) ? MASK : value.replace(URL_PASSWORD, `$1${MASK}@`);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, k)]));
  }
  return value;
}
