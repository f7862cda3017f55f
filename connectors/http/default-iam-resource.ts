/**
 * The resource a route's permission is checked on when the route does not say: the
 * deepest project, dataset or store its path names. IAM policies live on those three
 * levels and are inherited downward.
 */
const STORE_PARAMS: Record<string, string> = {
  fhirStore: 'fhirStores',
  hl7V2Store: 'hl7V2Stores',
  dicomStore: 'dicomStores',
};

export function defaultIamResource(params: Record<string, string>): string {
  let name = `projects/${params.project}`;
  if (params.location === undefined) return name;
  if (params.dataset === undefined) return `${name}/locations/${params.location}`;
  name += `/locations/${params.location}/datasets/${params.dataset}`;
  for (const [param, collection] of Object.entries(STORE_PARAMS)) {
    if (params[param] !== undefined) return `${name}/${collection}/${params[param]}`;
  }
  return name;
}
