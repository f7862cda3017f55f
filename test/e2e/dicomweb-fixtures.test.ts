import test from 'ava';
import { dicomFixtures, multipartParts, newDicomStore, readFixture, stow } from '../helpers/dicom-fixtures.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

const STAR = { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' };

for (const fixture of dicomFixtures()) {
  test(`STOW-RS ${fixture.file}: ${fixture.expected}`, async (t) => {
    const dicomWeb = await newDicomStore(engine);
    const bytes = readFixture(fixture.file);
    const res = await stow(engine, dicomWeb, [bytes]);
    const report = await res.json();
    if (fixture.expected === 'reject') {
      t.is(res.status, 409);
      const [failed] = report['00081198'].Value;
      t.true(failed['00081197'].Value[0] > 0);
      t.true(failed['00000902'].Value[0].length > 10, 'the failure explains itself');
      t.is(report['00081199'], undefined);
      return;
    }
    t.is(res.status, 200, JSON.stringify(report));
    const [referenced] = report['00081199'].Value;
    const url = new URL(referenced['00081190'].Value[0]);
    const back = await engine.api(url.pathname, { headers: STAR });
    t.is(back.status, 200);
    const [part] = await multipartParts(back);
    t.true(part.body.equals(bytes), 'transfer-syntax=* gives back the stored bytes');
  });
}

test('a conflicting SOP Instance UID is refused with 0110; the same bytes again succeed', async (t) => {
  const conflicts = dicomFixtures().filter((f) => f.conflictsWith && f.expected === 'store');
  t.true(conflicts.length >= 5);
  for (const fixture of conflicts) {
    const dicomWeb = await newDicomStore(engine);
    t.is((await stow(engine, dicomWeb, [readFixture(fixture.conflictsWith!)])).status, 200);
    t.is((await stow(engine, dicomWeb, [readFixture(fixture.conflictsWith!)])).status, 200, 'the same bytes again');
    const res = await stow(engine, dicomWeb, [readFixture(fixture.file)]);
    // EXPECTED.md pairs SC_rgb_jpeg_app14_dcmd.dcm with a file of identical bytes: storing the same bytes again is a success.
    if (readFixture(fixture.file).equals(readFixture(fixture.conflictsWith!))) {
      t.is(res.status, 200, fixture.file);
      continue;
    }
    t.is(res.status, 409, fixture.file);
    const [failed] = (await res.json())['00081198'].Value;
    t.is(failed['00081197'].Value[0], 0x0110);
    t.regex(failed['00000902'].Value[0], /stored already with other content/);
  }
});
