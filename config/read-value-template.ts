import type { ValuePart, ValueTemplate } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { HL7V2_FIELD_PATH, HL7V2_FIELD_PATH_RULE } from './hl7v2-field-path.ts';

/** `$${` (the text `${`), or a reference `${...}`; split keeps them at the odd indexes. */
const TOKEN = /(\$\$\{|\$\{[^}]*\})/;

/**
 * A `set` value: text with `${PATH}` references to the message's values, `$${` for the
 * text `${`. YAML reads `PID-8: 1` as a number and `1.10` as 1.1, so values must be quoted
 * strings. Null (reported) when wrong.
 */
export function readValueTemplate(value: unknown, path: KeyPath, issues: ConfigIssues): ValueTemplate | null {
  if (typeof value !== 'string') {
    return addIssue(issues, path, `must be a string; quote values such as "123" so YAML keeps them as written (got ${JSON.stringify(value)})`);
  }
  const parts: ValuePart[] = [];
  let text = '';
  for (const [i, piece] of value.split(TOKEN).entries()) {
    if (i % 2 === 0 && piece.includes('${')) return addIssue(issues, path, 'has a ${ without its closing }; write $${ for the text ${');
    if (i % 2 === 0 || piece === '$${') {
      text += i % 2 === 0 ? piece : '${';
      continue;
    }
    const field = piece.slice(2, -1);
    if (!HL7V2_FIELD_PATH.test(field)) return addIssue(issues, path, `\${${field}}: ${HL7V2_FIELD_PATH_RULE}`);
    if (text !== '') parts.push({ kind: 'text', text });
    parts.push({ kind: 'field', field });
    text = '';
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

function addIssue(issues: ConfigIssues, path: KeyPath, message: string): null {
  issues.add(path, message);
  return null;
}
