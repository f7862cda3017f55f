import { ApiError, invalidArgument } from '../../engine/errors/api-error.ts';
import { assertResourceId } from '../../stores/datasets/resource-id.ts';
import type { ApiRoute } from './api-route.ts';

type SegmentMatcher = { literal: string } | { param: string } | { rest: string };

interface CompiledRoute {
  route: ApiRoute;
  segments: SegmentMatcher[];
  verb: string | null;
  literals: number;
}

export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

/**
 * Matches `/v1/...` paths against Google-style patterns, including custom verbs
 * (`datasets/{dataset}:getIamPolicy`), which generic HTTP routers do not parse.
 */
export class ApiRouter {
  private readonly routes: CompiledRoute[] = [];

  add(route: ApiRoute): void {
    if (!route.permission) throw new Error(`route ${route.method} ${route.pattern} declares no permission`);
    if (!route.logType || !route.service) throw new Error(`route ${route.method} ${route.pattern} declares no audit log type or service`);
    const compiled = compile(route);
    const clash = this.routes.find((r) => r.route.method === route.method && r.route.pattern === route.pattern);
    if (clash) throw new Error(`route ${route.method} ${route.pattern} is registered twice`);
    this.routes.push(compiled);
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  list(): ApiRoute[] {
    return this.routes.map((r) => r.route);
  }

  /** Find the route for a path below `/v1/` (no query string). Throws NOT_FOUND or INVALID_ARGUMENT. */
  match(method: string, path: string): RouteMatch {
    const rawSegments = path.split('/');
    const last = rawSegments[rawSegments.length - 1];
    const colon = last.indexOf(':');
    const verb = colon >= 0 ? decode(last.slice(colon + 1)) : null;
    const segments = rawSegments.slice(0, -1).concat(colon >= 0 ? last.slice(0, colon) : last).map(decode);
    let methodMismatch = false;
    for (const compiled of this.routes) {
      const params = matchSegments(compiled, segments, verb);
      if (!params) continue;
      if (compiled.route.method !== method) {
        methodMismatch = true;
        continue;
      }
      for (const [i, matcher] of compiled.segments.entries()) {
        if (!('param' in matcher)) continue;
        const pattern = compiled.route.paramPatterns?.[matcher.param];
        if (!pattern) assertResourceId(matcher.param, segments[i]);
        else if (!pattern.test(segments[i])) throw invalidArgument(`invalid ${matcher.param} '${segments[i].slice(0, 64)}'`);
      }
      return { route: compiled.route, params };
    }
    if (methodMismatch) throw new ApiError('NOT_FOUND', `method ${method} is not supported on /v1/${path}`);
    throw new ApiError('NOT_FOUND', `no API resource at /v1/${path}`);
  }
}

function compile(route: ApiRoute): CompiledRoute {
  const raw = route.pattern.split('/');
  const last = raw[raw.length - 1];
  const colon = last.lastIndexOf(':');
  const hasVerb = colon >= 0 && !last.endsWith('}');
  const verb = hasVerb ? last.slice(colon + 1) : null;
  if (hasVerb) raw[raw.length - 1] = last.slice(0, colon);
  const segments: SegmentMatcher[] = raw.map((s, i) => {
    const m = /^\{(\w+)(\*\*)?\}$/.exec(s);
    if (!m) return { literal: s };
    if (m[2] && i !== raw.length - 1) throw new Error(`route ${route.pattern}: {${m[1]}**} must be last`);
    return m[2] ? { rest: m[1] } : { param: m[1] };
  });
  return { route, segments, verb, literals: segments.filter((s) => 'literal' in s).length };
}

function matchSegments(compiled: CompiledRoute, segments: string[], verb: string | null): Record<string, string> | null {
  const params: Record<string, string> = {};
  const matchers = compiled.segments;
  const rest = matchers[matchers.length - 1];
  if ('rest' in rest) {
    if (segments.length < matchers.length - 1) return null;
  } else if (segments.length !== matchers.length || verb !== compiled.verb) {
    return null;
  }
  for (const [i, matcher] of matchers.entries()) {
    if ('literal' in matcher) {
      if (segments[i] !== matcher.literal) return null;
    } else if ('param' in matcher) {
      params[matcher.param] = segments[i];
    } else {
      params[matcher.rest] = segments.slice(i).join('/') + (verb !== null ? `:${verb}` : '');
    }
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidArgument(`malformed percent-encoding in path segment '${segment.slice(0, 64)}'`);
  }
}

