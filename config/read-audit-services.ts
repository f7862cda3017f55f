import type { ConfigIssues } from './config-issues.ts';

const SERVICE = /^[a-z][A-Za-z0-9]*$/;

/** `audit.services`: per-service override of `audit.dataAccess`, such as `fhir: false`. */
export function readAuditServices(value: Record<string, unknown>, issues: ConfigIssues): Record<string, boolean> {
  const services: Record<string, boolean> = {};
  for (const [service, enabled] of Object.entries(value)) {
    if (!SERVICE.test(service)) issues.add(['audit', 'services', service], 'a service name is a word such as datasets, hl7v2, fhir or dicom');
    else if (typeof enabled !== 'boolean') issues.add(['audit', 'services', service], 'must be true or false');
    else services[service] = enabled;
  }
  return services;
}
