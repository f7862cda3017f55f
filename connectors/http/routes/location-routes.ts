import type { Regions } from '../../../engine/regions/regions.ts';
import type { ApiRoute } from '../api-route.ts';

/** Google's Location resource: every configured region is a location of every project. */
function location(project: string, name: string) {
  return { name: `projects/${project}/locations/${name}`, locationId: name, labels: {}, metadata: {} };
}

export function locationRoutes(deps: { regions: Regions }): ApiRoute[] {
  return [
    {
      method: 'GET',
      pattern: 'projects/{project}/locations',
      permission: 'healthcare.locations.list',
      service: 'datasets',
      logType: 'ADMIN_READ',
      // Every configured region fits one page; paging and filters are refused rather than ignored.
      query: [],
      async handler({ params }) {
        return { body: { locations: deps.regions.names().map((n) => location(params.project, n)) } };
      },
    },
    {
      method: 'GET',
      pattern: 'projects/{project}/locations/{location}',
      permission: 'healthcare.locations.get',
      service: 'datasets',
      logType: 'ADMIN_READ',
      query: [],
      async handler({ params, region }) {
        return { body: location(params.project, region!.name) };
      },
    },
  ];
}
