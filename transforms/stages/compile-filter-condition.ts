import type { FilterCondition } from '../../engine/channels/stage.ts';

/**
 * What a filter reads: a parsed message's fields by path (an Hl7v2Message's `PID-3.1`, a
 * ParsedDicomInstance's `Modality`) and, for HL7v2, its type.
 */
export interface FilterSubject {
  get(field: string): string | undefined;
  readonly messageType?: string | undefined;
  readonly messageCode?: string | undefined;
}

/** A filter condition compiled once per channel: regular expressions built, then a plain predicate. */
export type FilterConditionTest = (message: FilterSubject) => boolean;

export function compileFilterCondition(condition: FilterCondition): FilterConditionTest {
  switch (condition.kind) {
    case 'messageType': {
      const types = new Set(condition.types);
      return (message) => types.has(message.messageType ?? '') || types.has(message.messageCode ?? '');
    }
    case 'equals':
      return (message) => (message.get(condition.field) ?? '') === condition.value;
    case 'matches': {
      const pattern = new RegExp(condition.pattern, 'u');
      return (message) => pattern.test(message.get(condition.field) ?? '');
    }
    case 'in': {
      const values = new Set(condition.values);
      return (message) => values.has(message.get(condition.field) ?? '');
    }
    case 'all': {
      const tests = condition.conditions.map(compileFilterCondition);
      return (message) => tests.every((test) => test(message));
    }
    case 'any': {
      const tests = condition.conditions.map(compileFilterCondition);
      return (message) => tests.some((test) => test(message));
    }
    case 'not': {
      const test = compileFilterCondition(condition.condition);
      return (message) => !test(message);
    }
  }
}

/** The condition as a reader would write it, for the journal's "filtered by". */
export function describeFilterCondition(condition: FilterCondition): string {
  switch (condition.kind) {
    case 'messageType': return `message type in [${condition.types.join(', ')}]`;
    case 'equals': return `${condition.field} = ${JSON.stringify(condition.value)}`;
    case 'matches': return `${condition.field} matches /${condition.pattern}/`;
    case 'in': return `${condition.field} in [${condition.values.map((v) => JSON.stringify(v)).join(', ')}]`;
    case 'all': return condition.conditions.map((c) => `(${describeFilterCondition(c)})`).join(' and ');
    case 'any': return condition.conditions.map((c) => `(${describeFilterCondition(c)})`).join(' or ');
    case 'not': return `not (${describeFilterCondition(condition.condition)})`;
  }
}

/** Every field a condition reads, to check them when the stage is built. */
export function fieldsOfCondition(condition: FilterCondition): string[] {
  switch (condition.kind) {
    case 'messageType': return [];
    case 'equals': case 'matches': case 'in': return [condition.field];
    case 'all': case 'any': return condition.conditions.flatMap(fieldsOfCondition);
    case 'not': return fieldsOfCondition(condition.condition);
  }
}
