import type { Hl7v2Delimiters } from './hl7v2-delimiters.ts';

/** Repetition, component and subcomponent of a position inside a field, 1-based. */
export interface Hl7v2FieldPosition {
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

/** The n-th (1-based) piece of the text between single-character separators; undefined past the last. */
export function pieceOf(text: string, separator: string, n: number): string | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const at = text.indexOf(separator, start);
    if (at < 0) return undefined;
    start = at + 1;
  }
  const end = text.indexOf(separator, start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/** The text with its n-th piece replaced, adding empty pieces up to n as needed. */
export function withPiece(text: string, separator: string, n: number, value: string): string {
  const pieces = text.split(separator);
  while (pieces.length < n) pieces.push('');
  pieces[n - 1] = value;
  return pieces.join(separator);
}

/** The encoded leaf at a position, every level left out taken as the first. */
export function leafOf(field: string, delimiters: Hl7v2Delimiters, position: Hl7v2FieldPosition): string | undefined {
  const repetition = pieceOf(field, delimiters.repetition, position.repetition ?? 1);
  if (repetition === undefined) return undefined;
  const component = pieceOf(repetition, delimiters.component, position.component ?? 1);
  if (component === undefined) return undefined;
  return pieceOf(component, delimiters.subcomponent, position.subcomponent ?? 1);
}

/**
 * The encoded text at a position as written on the wire: the deepest levels left out mean
 * the whole of the level above (the whole field, all repetitions, when only a field is given).
 */
export function encodedAt(field: string, delimiters: Hl7v2Delimiters, position: Hl7v2FieldPosition): string | undefined {
  const { repetition, component, subcomponent } = position;
  if (repetition === undefined && component === undefined) return field;
  const repetitionText = pieceOf(field, delimiters.repetition, repetition ?? 1);
  if (component === undefined || repetitionText === undefined) return repetitionText;
  const componentText = pieceOf(repetitionText, delimiters.component, component);
  if (subcomponent === undefined || componentText === undefined) return componentText;
  return pieceOf(componentText, delimiters.subcomponent, subcomponent);
}

/** The field with the leaf at a position replaced by an already encoded value. */
export function withLeaf(field: string, delimiters: Hl7v2Delimiters, position: Hl7v2FieldPosition, encodedValue: string): string {
  const repetitionIndex = position.repetition ?? 1;
  const componentIndex = position.component ?? 1;
  const repetition = pieceOf(field, delimiters.repetition, repetitionIndex) ?? '';
  const component = pieceOf(repetition, delimiters.component, componentIndex) ?? '';
  const newComponent = withPiece(component, delimiters.subcomponent, position.subcomponent ?? 1, encodedValue);
  const newRepetition = withPiece(repetition, delimiters.component, componentIndex, newComponent);
  return withPiece(field, delimiters.repetition, repetitionIndex, newRepetition);
}

/**
 * The field with the part at a position removed, levels left out meaning the whole as in
 * encodedAt: a repetition is taken out of the list (the later ones move up), a component
 * or subcomponent is emptied (the later ones keep their numbers). Empty pieces left at the
 * end are dropped, so `DOE^JANE` without component 2 is `DOE`, not `DOE^`.
 */
export function withoutPart(field: string, delimiters: Hl7v2Delimiters, position: Hl7v2FieldPosition): string {
  const { repetition, component, subcomponent } = position;
  if (repetition === undefined && component === undefined) return '';
  const repetitions = field.split(delimiters.repetition);
  const index = (repetition ?? 1) - 1;
  if (index >= repetitions.length) return field;
  if (component === undefined) repetitions.splice(index, 1);
  else repetitions[index] = withoutComponent(repetitions[index], delimiters, component, subcomponent);
  return joinTrimmed(repetitions, delimiters.repetition);
}

function withoutComponent(repetition: string, delimiters: Hl7v2Delimiters, component: number, subcomponent: number | undefined): string {
  const components = repetition.split(delimiters.component);
  if (component > components.length) return repetition;
  if (subcomponent === undefined) components[component - 1] = '';
  else {
    const subcomponents = components[component - 1].split(delimiters.subcomponent);
    if (subcomponent <= subcomponents.length) subcomponents[subcomponent - 1] = '';
    components[component - 1] = joinTrimmed(subcomponents, delimiters.subcomponent);
  }
  return joinTrimmed(components, delimiters.component);
}

/** The pieces joined, without the empty ones at the end. */
function joinTrimmed(pieces: string[], separator: string): string {
  let end = pieces.length;
  while (end > 0 && pieces[end - 1] === '') end--;
  return pieces.slice(0, end).join(separator);
}
