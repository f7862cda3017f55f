import { ApiError, invalidArgument } from '../../engine/errors/api-error.ts';
import { assertResourceId } from '../../stores/datasets/resource-id.ts';
import type { ApiRoute } from './api-route.ts';

/** One segment of a pattern: a literal, a `{param}`, or a trailing `{rest**}`. */
interface SegmentMatcher {
  kind: 'literal' | 'param' | 'rest';
  /** The literal text, or the parameter's name. */
  text: string;
}

interface CompiledRoute {
  route: ApiRoute;
  segments: SegmentMatcher[];
  verb: string | null;
  literals: number;
  /** Ends in `{rest**}`: matches any path at least `segments.length - 1` long, any verb. */
  rest: boolean;
}

/** Candidate lists are cached per path length up to this; longer paths scan every route. */
const MAX_CACHED_LENGTH = 32;

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
  private readonly verbs = new Set<string>();
  /** Per path length and verb, the routes that can match it, in matching order. */
  private readonly candidates = new Map<string, CompiledRoute[]>();

  add(route: ApiRoute): void {
    if (!route.permission) throw new Error(`route ${route.method} ${route.pattern} declares no permission`);
    if (!route.logType || !route.service) throw new Error(`route ${route.method} ${route.pattern} declares no audit log type or service`);
    const compiled = compile(route);
    const clash = this.routes.find((r) => r.route.method === route.method && r.route.pattern === route.pattern);
    if (clash) throw new Error(`route ${route.method} ${route.pattern} is registered twice`);
    this.routes.push(compiled);
    this.routes.sort((a, b) => b.literals - a.literals);
    if (compiled.verb !== null) this.verbs.add(compiled.verb);
    this.candidates.clear();
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
    if (colon >= 0) rawSegments[rawSegments.length - 1] = last.slice(0, colon);
    const segments = rawSegments.map(decode);
    let methodMismatch = false;
    for (const compiled of this.candidatesFor(segments.length, verb)) {
      if (!literalsMatch(compiled, segments, verb)) continue;
      if (compiled.route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route: compiled.route, params: paramsOf(compiled, segments, verb) };
    }
    if (methodMismatch) throw new ApiError('NOT_FOUND', `method ${method} is not supported on /v1/${path}`);
    throw new ApiError('NOT_FOUND', `no API resource at /v1/${path}`);
  }

  /** The routes whose length and verb fit, in matching order (most literal segments first). */
  private candidatesFor(length: number, verb: string | null): CompiledRoute[] {
    if (length > MAX_CACHED_LENGTH) return this.routes.filter((r) => fits(r, length, verb));
    // A verb no route has can only be taken by a {rest**} route: one cache entry serves them all.
    const key = `${length}:${verb === null ? '' : this.verbs.has(verb) ? verb : '\u0000'}`;
    let list = this.candidates.get(key);
    if (!list) {
      list = this.routes.filter((r) => fits(r, length, verb));
      this.candidates.set(key, list);
    }
    return list;
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
    if (!m) return { kind: 'literal', text: s };
    if (m[2] && i !== raw.length - 1) throw new Error(`route ${route.pattern}: {${m[1]}**} must be last`);
    return { kind: m[2] ? 'rest' : 'param', text: m[1] };
  });
  const literals = segments.filter((s) => s.kind === 'literal').length;
  return { route, segments, verb, literals, rest: segments[segments.length - 1].kind === 'rest' };
}

/** A path of this length and verb could match the route (its literals aside). */
function fits(route: CompiledRoute, length: number, verb: string | null): boolean {
  return route.rest ? length >= route.segments.length - 1 : length === route.segments.length && verb === route.verb;
}

/** The route's literal segments (and verb, unless it ends in {rest**}) are the path's; its length was checked. */
function literalsMatch(compiled: CompiledRoute, segments: string[], verb: string | null): boolean {
  if (!compiled.rest && verb !== compiled.verb) return false;
  const matchers = compiled.segments;
  for (let i = 0; i < matchers.length; i++) {
    if (matchers[i].kind === 'literal' && segments[i] !== matchers[i].text) return false;
  }
  return true;
}

/** The parameters of a matching path, each checked as a resource id or by the route's own pattern. */
function paramsOf(compiled: CompiledRoute, segments: string[], verb: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  const matchers = compiled.segments;
  for (let i = 0; i < matchers.length; i++) {
    const { kind, text: name } = matchers[i];
    if (kind === 'param') {
      const value = segments[i];
      const pattern = compiled.route.paramPatterns?.[name];
      if (!pattern) assertResourceId(name, value);
      else if (!pattern.test(value)) throw invalidArgument(`invalid ${name} '${value.slice(0, 64)}'`);
      params[name] = value;
    } else if (kind === 'rest') {
      params[name] = segments.slice(i).join('/') + (verb !== null ? `:${verb}` : '');
    }
  }
  return params;
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidArgument(`malformed percent-encoding in path segment '${segment.slice(0, 64)}'`);
  }
}

