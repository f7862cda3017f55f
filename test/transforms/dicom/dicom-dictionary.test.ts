import test from 'ava';
import { keywordOfTag, tagOfKeyword, vrOfTag } from '../../../transforms/dicom/dicom-dictionary.ts';

test('standard tags have their VR and keyword', (t) => {
  t.is(vrOfTag('00100010'), 'PN');
  t.is(vrOfTag('00280010'), 'US');
  t.is(vrOfTag('00081115'), 'SQ');
  t.is(vrOfTag('0020000D'), 'UI');
  t.is(keywordOfTag('00100010'), 'PatientName');
  t.is(keywordOfTag('0020000D'), 'StudyInstanceUID');
  t.is(keywordOfTag('00099999'), undefined);
});

test('group lengths are UL, private creators LO, other unknown tags UN', (t) => {
  t.is(vrOfTag('00080000'), 'UL');
  t.is(vrOfTag('00090000'), 'UL');
  t.is(vrOfTag('00090010'), 'LO');
  t.is(vrOfTag('001900FF'), 'LO');
  t.is(vrOfTag('00090100'), 'UN');
  t.is(vrOfTag('00091001'), 'UN');
  t.is(vrOfTag('0009000F'), 'UN');
  t.is(vrOfTag('00080003'), 'UN');
  t.is(vrOfTag('00080001'), 'UL', 'retired tags are known too');
});

test('keywords and 8-digit tags both give the tag, in upper case', (t) => {
  t.is(tagOfKeyword('PatientName'), '00100010');
  t.is(tagOfKeyword('StudyInstanceUID'), '0020000D');
  t.is(tagOfKeyword('0020000d'), '0020000D');
  t.is(tagOfKeyword('00100010'), '00100010');
  t.is(tagOfKeyword('patientname'), undefined);
  t.is(tagOfKeyword('NoSuchKeyword'), undefined);
  t.is(tagOfKeyword('0010001'), undefined);
  t.is(tagOfKeyword(''), undefined);
});

test('repeating groups: overlay attributes of any overlay group have their VR', (t) => {
  t.is(vrOfTag('60000010'), 'US');
  t.is(vrOfTag('60020011'), 'US');
  t.is(vrOfTag('60000050'), 'SS');
  // Overlay Data is OB or OW; in implicit VR it is OW (PS3.5 8.1.2).
  t.is(vrOfTag('601E3000'), 'OW');
  t.is(tagOfKeyword('OverlayRows'), '60000010');
});
