import { loadServerConfig } from '../../config/load-server-config.ts';
import type { AuditChainVerdict, AuditVerifyReport } from '../../engine/audit/audit-verify-report.ts';
import { verifyAuditChains } from '../../engine/audit/verify-audit-chains.ts';
import { closeRegion, openRegion } from '../../engine/regions/open-region.ts';
import type { Region } from '../../engine/regions/region.ts';
import { defaultConfigFile } from './default-config-file.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { reportConfigError } from './report-config-error.ts';

/** `plexus audit verify [--config FILE]`: 0 when every chain of every region is intact, 1 when one is broken, 2 for a bad config. */
export async function auditVerifyCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { config: { type: 'string' } });
  let config;
  try {
    config = loadServerConfig(values.config ?? defaultConfigFile());
  } catch (error) {
    return reportConfigError(error);
  }
  // Imported here so the other commands start without loading the whole engine.
  const { allMigrations } = await import('../../engine/main.ts');
  const regions: Region[] = [];
  try {
    for (const [name, regionConfig] of Object.entries(config.regions)) regions.push(await openRegion(name, regionConfig, allMigrations()));
    return await verifyRegions(regions, (line) => console.log(line));
  } finally {
    await Promise.all(regions.map((region) => closeRegion(region)));
  }
}

/** Verify each region's chains, print a verdict per region and chain, and give the exit code. */
export async function verifyRegions(regions: Region[], print: (line: string) => void): Promise<number> {
  let firstBreak: string | null = null;
  for (const region of regions) {
    const report = await verifyAuditChains(region);
    print(describeRegion(report));
    for (const chain of report.chains) print(`  ${describeChain(chain)}`);
    const broken = report.chains.find((c) => c.broken);
    firstBreak ??= broken ? `region ${region.name}, ${describeChain(broken)}` : null;
  }
  if (firstBreak) {
    print(`audit log BROKEN: ${firstBreak}`);
    return 1;
  }
  print('audit log intact');
  return 0;
}

function describeRegion(report: AuditVerifyReport): string {
  const links = report.chains.reduce((sum, c) => sum + c.links, 0);
  const entries = report.chains.reduce((sum, c) => sum + c.entries, 0);
  const verdict = report.ok ? 'ok' : 'BROKEN';
  return `region ${report.region}: ${verdict}: ${report.chains.length} chains, ${entries} entries in ${links} links verified, ${report.unlinked} entries not linked yet`;
}

function describeChain(chain: AuditChainVerdict): string {
  const counts = `${chain.entries} entries in ${chain.links} links verified`;
  if (!chain.broken) return `chain ${chain.chainId}: ok (${counts})`;
  const { reason, entry } = chain.broken;
  const named = entry ? `; entry ${entry.id}${entry.time ? ` at ${entry.time}` : ''}${entry.resource ? ` on ${entry.resource}` : ''}` : '';
  return `chain ${chain.chainId}: BROKEN: ${reason}${named} (${counts} before it)`;
}
