import test from 'ava';
import { parseHl7v2Path, parseHl7v2SegmentTarget } from '../../../transforms/hl7v2/hl7v2-path.ts';

test('paths name segment occurrence, field, repetition, component and subcomponent', (t) => {
  t.deepEqual(parseHl7v2Path('PID-5.1'), { segmentId: 'PID', segmentOccurrence: 1, field: 5, repetition: undefined, component: 1, subcomponent: undefined });
  t.deepEqual(parseHl7v2Path('OBX[2]-5[3].1.2'), { segmentId: 'OBX', segmentOccurrence: 2, field: 5, repetition: 3, component: 1, subcomponent: 2 });
  t.deepEqual(parseHl7v2Path('Z01-1'), { segmentId: 'Z01', segmentOccurrence: 1, field: 1, repetition: undefined, component: undefined, subcomponent: undefined });
  t.is(parseHl7v2Path('PID-3.1'), parseHl7v2Path('PID-3.1'));
});

test('malformed paths are refused with the path named', (t) => {
  for (const path of ['', 'PID', 'PID-', 'pid-5', 'PID-0', 'PID-5.0', 'PID[0]-1', 'PID-3[0]', 'PID.5.1', 'PID-5.1.2.3', '1ID-1', 'PID-5 ']) {
    t.throws(() => parseHl7v2Path(path), { instanceOf: TypeError, message: new RegExp(`invalid HL7v2 path '${path.replace(/[.[\]]/g, '\\$&')}'`) }, path);
  }
});

test('a whole segment is named by its ID, with or without occurrence', (t) => {
  t.deepEqual(parseHl7v2SegmentTarget('NK1'), { segmentId: 'NK1' });
  t.deepEqual(parseHl7v2SegmentTarget('OBX[2]'), { segmentId: 'OBX', occurrence: 2 });
  for (const target of ['PID-19', 'nk1', 'OBX[0]', 'OBX[]', 'NK', '']) t.is(parseHl7v2SegmentTarget(target), null, target);
});
