import { notFound } from '../errors/api-error.ts';
import type { Region } from './region.ts';

/**
 * The configured regions by location name. The first configured region is the primary:
 * it holds what belongs to no location (project IAM policies, project-level audit entries).
 */
export class Regions {
  private readonly byName: Map<string, Region>;

  constructor(regions: Region[]) {
    if (regions.length === 0) throw new Error('at least one region must be configured');
    this.byName = new Map(regions.map((r) => [r.name, r]));
  }

  get primary(): Region {
    return this.all()[0];
  }

  all(): Region[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The region for a location, or a NOT_FOUND error that lists the configured locations. */
  get(location: string): Region {
    const region = this.byName.get(location);
    if (!region) {
      throw notFound(`location '${location}' is not configured; configured locations: ${this.names().join(', ')}`);
    }
    return region;
  }

  has(location: string): boolean {
    return this.byName.has(location);
  }
}
