/**
 * Permissions use Google's names (`healthcare.datasets.create`) and, for what Google has
 * no name for, the `plexus.` prefix (`plexus.auditLogs.list`).
 */
export type Permission = `healthcare.${string}.${string}` | `plexus.${string}.${string}` | `resourcemanager.${string}.${string}`;
