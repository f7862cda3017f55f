/** A resource that can carry an IAM policy, and the location whose database keeps it. */
export interface PolicyHolder {
  name: string;
  /** null for a project: its policy lives in the primary region. */
  location: string | null;
}

export const STORE_COLLECTIONS = ['fhirStores', 'hl7V2Stores', 'dicomStores'] as const;

/**
 * The policy-carrying resources a resource name falls under, from the project down:
 * `projects/p/locations/l/datasets/d/fhirStores/s/fhir/Patient/1` gives the project, the
 * dataset and the store. Policies are inherited downward, so all of them count.
 * Returns an empty list for a name that is not under `projects/{p}`.
 */
export function policyHolders(resource: string): PolicyHolder[] {
  const s = resource.split('/');
  if (s[0] !== 'projects' || !s[1]) return [];
  const holders: PolicyHolder[] = [{ name: `projects/${s[1]}`, location: null }];
  if (s[2] !== 'locations' || !s[3] || s[4] !== 'datasets' || !s[5]) return holders;
  const dataset = s.slice(0, 6).join('/');
  holders.push({ name: dataset, location: s[3] });
  if ((STORE_COLLECTIONS as readonly string[]).includes(s[6]) && s[7]) {
    holders.push({ name: `${dataset}/${s[6]}/${s[7]}`, location: s[3] });
  }
  return holders;
}

/** The holder a policy name denotes itself, or null when it names no project, dataset or store. */
export function policyHolderOf(resource: string): PolicyHolder | null {
  const holders = policyHolders(resource);
  const last = holders[holders.length - 1];
  return last && last.name === resource ? last : null;
}
