/**
 * Writes generated/dicom-dictionary.json and generated/dicom-storage-sop-classes.json from
 * the DICOM standard as data (innolitics/dicom-standard, in ../shared/fixtures/dicom-standard):
 * every tag's keyword and VR (`US|SS` where the standard lists several: implicit VR reading
 * picks one by Pixel Representation or Bits Allocated), the repeating groups (`60xx0010`,
 * overlays and curves) apart, and the Storage SOP Classes an SCP accepts. Run it with
 * `node --import=./cli/register-typescript.mjs generated/scripts/dicom-dictionary.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Attribute {
  tag: string;
  keyword: string;
  valueRepresentation: string;
  retired: string;
}
interface SopClass {
  name: string;
  id: string;
}

const folder = new URL('../../../shared/fixtures/dicom-standard/', import.meta.url);
const attributes = JSON.parse(readFileSync(new URL('attributes.json', folder), 'utf8')) as Attribute[];
const sops = JSON.parse(readFileSync(new URL('sops.json', folder), 'utf8')) as SopClass[];

const tags: Record<string, [string, string]> = {};
const repeating: Record<string, [string, string]> = {};
for (const attribute of attributes) {
  const tag = attribute.tag.replace(/[(),]/g, '').toUpperCase();
  const vr = attribute.valueRepresentation.match(/\b[A-Z]{2}\b/g)?.join('|');
  if (!vr || !attribute.keyword) continue;
  if (/^[0-9A-F]{8}$/.test(tag)) tags[tag] = [attribute.keyword, vr];
  else if (/^[0-9A-FX]{8}$/.test(tag)) repeating[tag] = [attribute.keyword, vr];
}
const source = 'innolitics/dicom-standard standard/attributes.json and sops.json (DICOM standard, NEMA)';
const script = 'generated/scripts/dicom-dictionary.ts';
writeFileSync(new URL('../dicom-dictionary.json', import.meta.url), `${JSON.stringify({ _source: source, _script: script, tags, repeating })}\n`);
const storage = Object.fromEntries(sops.filter((s) => /Storage/.test(s.name)).map((s) => [s.id, s.name]));
writeFileSync(new URL('../dicom-storage-sop-classes.json', import.meta.url), `${JSON.stringify({ _source: source, _script: script, sopClasses: storage }, null, 1)}\n`);
console.error(`${Object.keys(tags).length} tags, ${Object.keys(repeating).length} repeating, ${Object.keys(storage).length} storage SOP classes`);
