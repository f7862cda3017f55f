import type { DicomCopy } from './dicom-copies.ts';
import { DICOM_JSON, WADO_ANY_SYNTAX } from './measure-dicomweb.ts';

export interface DicomWebExpectation {
  /** Instances each the only one of its study, every one of them stored. */
  stored: DicomCopy[];
  largeStudyUid: string;
  largeStudySize: number;
}

/**
 * Ask once what the loads ask many times, and say what is not as expected (a server that
 * answers fast but wrongly, or misses instances it acknowledged, must not look good).
 */
export async function checkDicomWeb(base: string, expected: DicomWebExpectation): Promise<string[]> {
  const problems: string[] = [];
  const json = async (path: string): Promise<unknown> => {
    const res = await fetch(`${base}/${path}`, { headers: DICOM_JSON });
    return res.status === 200 ? res.json() : `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
  };
  const expectLength = async (path: string, length: number) => {
    const answer = await json(path);
    if (!Array.isArray(answer) || answer.length !== length) problems.push(`${path}: expected ${length} results, got ${Array.isArray(answer) ? answer.length : answer}`);
  };
  const step = Math.max(1, Math.floor(expected.stored.length / 20));
  for (let i = 0; i < expected.stored.length; i += step) {
    const copy = expected.stored[i];
    await expectLength(`studies?StudyInstanceUID=${copy.studyUid}`, 1);
    await expectLength(`studies/${copy.studyUid}/series`, 1);
  }
  await expectLength('studies?limit=100', 100);
  await expectLength(`studies/${expected.largeStudyUid}/metadata`, expected.largeStudySize);
  const copy = expected.stored[0];
  const wado = await fetch(`${base}/studies/${copy.studyUid}/series/${copy.seriesUid}/instances/${copy.sopInstanceUid}`, { headers: WADO_ANY_SYNTAX });
  const bytes = Buffer.from(await wado.arrayBuffer());
  if (wado.status !== 200 || !wado.headers.get('content-type')?.startsWith('multipart/related') || !bytes.includes(copy.sopInstanceUid)) {
    problems.push(`WADO-RS instance: HTTP ${wado.status}, ${wado.headers.get('content-type')}, ${bytes.length} bytes`);
  }
  return problems;
}
