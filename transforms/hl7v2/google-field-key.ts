const cache = new Map<number, string>();
const CACHE_LIMIT = 65_536;

/**
 * Google's key for a value: `5`, `5.1`, `5.1.2`, `3[0]`, `3[0].1`... (repetition -1 when the
 * field does not repeat, component and subcomponent 0 when absent). The usual keys are
 * kept, so that building parsedData does not make the same strings again for every message.
 */
export function googleFieldKey(field: number, repetition: number, component: number, subcomponent: number): string {
  const small = field < 4096 && repetition < 63 && component < 64 && subcomponent < 64;
  const code = small ? ((field * 64 + repetition + 1) * 64 + component) * 64 + subcomponent : -1;
  let key = small ? cache.get(code) : undefined;
  if (key === undefined) {
    key = String(field);
    if (repetition >= 0) key += `[${repetition}]`;
    if (component > 0) key += `.${component}`;
    if (subcomponent > 0) key += `.${subcomponent}`;
    if (small && cache.size < CACHE_LIMIT) cache.set(code, key);
  }
  return key;
}
