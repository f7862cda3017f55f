import { applyPatch } from 'rfc6902';
import type { Operation } from 'rfc6902';
import { ApiError, invalidArgument } from '../../../engine/errors/api-error.ts';
import type { FhirResource } from '../fhir-resource.ts';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * Apply an RFC 6902 JSON Patch to a copy of `resource`: all operations or none (a failed
 * `test` or a missing path refuses the whole patch, naming the operation).
 */
export function applyJsonPatch(resource: FhirResource, patch: unknown): FhirResource {
  if (!Array.isArray(patch)) throw invalidArgument('a JSON Patch body is an array of operations');
  for (const [i, op] of patch.entries()) {
    if (typeof op !== 'object' || op === null || !OPS.has((op as { op?: string }).op ?? '') || typeof (op as { path?: unknown }).path !== 'string') {
      throw invalidArgument(`JSON Patch operation ${i} needs an op (add, remove, replace, move, copy, test) and a path`);
    }
  }
  const copy = structuredClone(resource);
  const errors = applyPatch(copy, patch as Operation[]);
  const failed = errors.findIndex((e) => e !== null);
  if (failed >= 0) {
    const error = errors[failed]!;
    const { op, path } = patch[failed] as { op: string; path: string };
    // A failed `test` is a conflict with the resource's state (RFC 5789), not a malformed patch.
    throw new ApiError(error.name === 'TestError' ? 'ABORTED' : 'INVALID_ARGUMENT', `JSON Patch operation ${failed} (${op} ${path.slice(0, 80)}) failed: ${error.message}`);
  }
  return copy;
}
