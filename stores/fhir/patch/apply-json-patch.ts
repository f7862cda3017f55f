import { applyPatch } from 'rfc6902';
import type { Operation } from 'rfc6902';
import { ApiError, invalidArgument } from '../../../engine/errors/api-error.ts';
import type { FhirResource } from '../fhir-resource.ts';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * Apply an RFC 6902 JSON Patch to a copy of `resource`: all operations or none (a failed
 * `test` or a missing path refuses the whole patch, naming the operation).
 */
/** RFC 6901: empty, or slash-separated tokens; the library throws a plain Error for anything else. */
function isPointer(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || value.startsWith('/'));
}

export function applyJsonPatch(resource: FhirResource, patch: unknown): FhirResource {
  if (!Array.isArray(patch)) throw invalidArgument('a JSON Patch body is an array of operations');
  for (const [i, op] of patch.entries()) {
    if (typeof op !== 'object' || op === null || !OPS.has((op as { op?: string }).op ?? '') || !isPointer((op as { path?: unknown }).path)) {
      throw invalidArgument(`JSON Patch operation ${i} needs an op (add, remove, replace, move, copy, test) and a path, a JSON Pointer such as /name/0/family`);
    }
    const { op: kind, from } = op as { op: string; from?: unknown };
    if ((kind === 'move' || kind === 'copy') && !isPointer(from)) throw invalidArgument(`JSON Patch operation ${i} (${kind}) needs from, a JSON Pointer`);
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
