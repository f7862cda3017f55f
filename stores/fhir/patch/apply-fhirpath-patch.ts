import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import { invalidArgument } from '../../../engine/errors/api-error.ts';
import type { FhirResource } from '../fhir-resource.ts';

type Json = Record<string, unknown>;

const model = r4 as unknown as { path2Repeating: Record<string, boolean>; path2Type: Record<string, string>; choiceTypePaths: Record<string, string[]> };

/** A node fhirpath.js returns with `resolveInternalTypes: false`: where the value sits in the JSON. */
interface ResourceNode {
  data: unknown;
  path: string;
  propName: string | null;
  index: number | null;
  parentResNode: ResourceNode | null;
}

interface PatchOperation {
  type: 'add' | 'insert' | 'delete' | 'replace' | 'move';
  path: string;
  name?: string;
  value?: unknown;
  /** The JSON key suffix of `value[x]` (`Boolean` for valueBoolean), for choice elements. */
  valueType?: string;
  index?: number;
  source?: number;
  destination?: number;
}

/**
 * Apply a FHIRPath Patch (a Parameters resource of `operation`s, FHIR R4 "FHIRPath Patch")
 * to a copy of `resource`: add, insert, delete, replace and move, each at the elements its
 * FHIRPath selects. Any failing operation refuses the whole patch, naming it.
 */
export function applyFhirPathPatch(resource: FhirResource, parameters: unknown): FhirResource {
  const operations = readOperations(parameters);
  const copy = structuredClone(resource);
  for (const [i, operation] of operations.entries()) {
    try {
      applyOperation(copy, operation);
    } catch (error) {
      throw invalidArgument(`FHIRPath Patch operation ${i} (${operation.type} ${operation.path.slice(0, 80)}): ${(error as Error).message}`);
    }
  }
  return copy;
}

function readOperations(parameters: unknown): PatchOperation[] {
  const p = parameters as { resourceType?: string; parameter?: unknown[] };
  if (p?.resourceType !== 'Parameters' || !Array.isArray(p.parameter)) throw invalidArgument('a FHIRPath Patch body is a Parameters resource with operation parameters');
  return p.parameter.map((entry, i) => {
    const parts = (entry as { name?: string; part?: Json[] }).name === 'operation' ? (entry as { part?: Json[] }).part : undefined;
    if (!Array.isArray(parts)) throw invalidArgument(`parameter ${i} is not an operation with parts`);
    const part = (name: string) => parts.find((x) => x.name === name);
    const valuePart = part('value');
    const valueKey = valuePart ? Object.keys(valuePart).find((k) => k.startsWith('value')) : undefined;
    const operation: PatchOperation = {
      type: String(part('type')?.valueCode ?? '') as PatchOperation['type'],
      path: String(part('path')?.valueString ?? ''),
      name: part('name')?.valueString as string | undefined,
      value: valuePart ? (valueKey ? valuePart[valueKey] : partsToObject(valuePart.part as Json[] | undefined)) : undefined,
      valueType: valueKey?.slice('value'.length),
      index: part('index')?.valueInteger as number | undefined,
      source: part('source')?.valueInteger as number | undefined,
      destination: part('destination')?.valueInteger as number | undefined,
    };
    if (!['add', 'insert', 'delete', 'replace', 'move'].includes(operation.type)) throw invalidArgument(`operation ${i}: type must be add, insert, delete, replace or move`);
    if (!operation.path) throw invalidArgument(`operation ${i}: path is required`);
    for (const key of ['index', 'source', 'destination'] as const) {
      if (operation[key] !== undefined && !Number.isInteger(operation[key])) throw invalidArgument(`operation ${i}: ${key} must be a valueInteger`);
    }
    return operation;
  });
}

/** An anonymous (backbone) value given as parts: `{name, value[x] | part}` each. */
function partsToObject(parts: Json[] | undefined): Json | undefined {
  if (!Array.isArray(parts)) return undefined;
  const object: Json = {};
  for (const part of parts) {
    const key = Object.keys(part).find((k) => k.startsWith('value'));
    object[String(part.name)] = key ? part[key] : partsToObject(part.part as Json[] | undefined);
  }
  return object;
}

function select(resource: FhirResource, path: string): ResourceNode[] {
  return fhirpath.evaluate(resource, path, {}, r4, { resolveInternalTypes: false }) as ResourceNode[];
}

/** The JSON container holding a node and the key (and index) under which it sits there. */
function locate(resource: FhirResource, node: ResourceNode): { container: Json; key: string; index: number | null } {
  const chain: ResourceNode[] = [];
  for (let n: ResourceNode | null = node; n?.parentResNode; n = n.parentResNode) chain.unshift(n);
  let container: Json = resource;
  for (const [i, step] of chain.entries()) {
    if (i === chain.length - 1) return { container, key: step.propName!, index: step.index };
    const value = container[step.propName!];
    container = (step.index !== null ? (value as Json[])[step.index] : value) as Json;
  }
  throw new Error('the path selects the resource itself');
}

function one(resource: FhirResource, path: string): ResourceNode {
  const nodes = select(resource, path);
  if (nodes.length !== 1) throw new Error(`the path must select exactly one element, it selects ${nodes.length}`);
  return nodes[0];
}

function applyOperation(resource: FhirResource, op: PatchOperation): void {
  switch (op.type) {
    case 'add': {
      if (!op.name || op.value === undefined) throw new Error('add needs a name and a value');
      const node = one(resource, op.path);
      const target = node.data as Json;
      const key = jsonKey(node.path, op.name, op.valueType);
      if (model.path2Repeating[`${node.path}.${op.name}`]) target[key] = [...((target[key] as unknown[] | undefined) ?? []), op.value];
      else if (target[key] !== undefined) throw new Error(`${op.name} already has a value; use replace`);
      else target[key] = op.value;
      return;
    }
    case 'insert': {
      if (op.value === undefined) throw new Error('insert needs a value');
      const { container, key } = listOf(resource, op.path);
      const list = (container[key] as unknown[] | undefined) ?? [];
      if (op.index === undefined || op.index < 0 || op.index > list.length) throw new Error(`index must be between 0 and ${list.length}`);
      list.splice(op.index, 0, op.value);
      container[key] = list;
      return;
    }
    case 'delete': {
      const nodes = select(resource, op.path);
      if (nodes.length === 0) return;
      if (nodes.length > 1) throw new Error(`delete must select at most one element, it selects ${nodes.length}`);
      const { container, key, index } = locate(resource, nodes[0]);
      if (index === null) delete container[key];
      else {
        (container[key] as unknown[]).splice(index, 1);
        if ((container[key] as unknown[]).length === 0) delete container[key];
      }
      return;
    }
    case 'replace': {
      if (op.value === undefined) throw new Error('replace needs a value');
      const { container, key, index } = locate(resource, one(resource, op.path));
      if (index === null) container[key] = op.value;
      else (container[key] as unknown[])[index] = op.value;
      return;
    }
    case 'move': {
      const { container, key } = listOf(resource, op.path);
      const list = container[key] as unknown[];
      if (op.source === undefined || op.destination === undefined || op.source < 0 || op.source >= list.length || op.destination < 0 || op.destination >= list.length) {
        throw new Error(`source and destination must be between 0 and ${list.length - 1}`);
      }
      const [moved] = list.splice(op.source, 1);
      list.splice(op.destination, 0, moved);
    }
  }
}

/** The list a path selects (all its items, or none yet): its container and key. */
function listOf(resource: FhirResource, path: string): { container: Json; key: string } {
  const nodes = select(resource, path);
  if (nodes.length === 0) throw new Error('the path selects no list');
  const { container, key } = locate(resource, nodes[0]);
  if (!Array.isArray(container[key])) throw new Error('the path does not select a repeating element');
  return { container, key };
}

/** The JSON key of element `name` under a node of type path `path` (`deceased` with a Boolean value is `deceasedBoolean`). */
function jsonKey(path: string, name: string, valueType: string | undefined): string {
  if (model.choiceTypePaths[`${path}.${name}`] && valueType) return `${name}${valueType}`;
  return name;
}
