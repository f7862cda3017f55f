import test from 'ava';
import { constants, Dataset, dcmjsCommandCodec, requests, responses } from '../../../connectors/dimse/dcmjs-dimse.ts';
import { decodeCommand, encodeCommand, type CommandElements } from '../../../connectors/dimse/dimse-command-codec.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

type Command = { getCommandDataset(): { getElements(): CommandElements } };

/** Commands as dcmjs-dimse builds them, with the fields Plexus sets: odd and even lengths, comments with spaces. */
function commands(): Array<[string, Command]> {
  const ct = new Dataset({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', SOPInstanceUID: '1.2.3.4.5' }, constants.TransferSyntax.ExplicitVRLittleEndian);
  const store = new requests.CStoreRequest(ct);
  store.setMessageId(7);
  const subOperation = new requests.CStoreRequest(new Dataset({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.4', SOPInstanceUID: '1.22.333.4444' }, constants.TransferSyntax.ImplicitVRLittleEndian));
  subOperation.getCommandDataset().setElement('MoveOriginatorApplicationEntityTitle', 'MOVESCU');
  subOperation.getCommandDataset().setElement('MoveOriginatorMessageID', 12 as unknown as string);
  const stored = responses.CStoreResponse.fromRequest(store);
  stored.setStatus(0);
  const refused = responses.CStoreResponse.fromRequest(store);
  refused.setStatus(0x0110);
  refused.setErrorComment('SOP Instance UID stored already with other content');
  const odd = responses.CStoreResponse.fromRequest(store);
  odd.setStatus(0xa700);
  odd.setErrorComment('odd length');
  const find = requests.CFindRequest.createStudyFindRequest({ PatientName: 'DOE*' });
  const found = responses.CFindResponse.fromRequest(find);
  found.setStatus(0xff00);
  const move = requests.CMoveRequest.createStudyMoveRequest('RECEIVER', '1.2.3');
  const moving = responses.CMoveResponse.fromRequest(move);
  moving.setStatus(0xff00);
  moving.setRemaining(3);
  moving.setCompleted(1);
  moving.setFailures(0);
  moving.setWarnings(0);
  const echo = new requests.CEchoRequest();
  const echoed = responses.CEchoResponse.fromRequest(echo);
  echoed.setStatus(0);
  return Object.entries({ store, subOperation, stored, refused, odd, find, found, move, moving, echo, echoed });
}

test('command sets are written byte for byte as dcmjs writes them, and read back to the same elements', (t) => {
  for (const [name, command] of commands()) {
    const elements = command.getCommandDataset().getElements();
    const expected = dcmjsCommandCodec.write(elements);
    const written = encodeCommand(elements);
    t.truthy(written, `${name} is written by the codec`);
    t.true(written!.equals(expected), `${name}: ${written!.toString('hex')} != ${expected.toString('hex')}`);
    t.deepEqual(decodeCommand(expected), dcmjsCommandCodec.read(expected), `${name} reads as dcmjs reads it`);
  }
});

test('what the codec does not cover is left to dcmjs: unknown or multi-valued elements, empty values, data sets', (t) => {
  t.is(encodeCommand({ CommandField: 1, PatientName: 'DOE' }), null);
  t.is(encodeCommand({ CommandField: 1, AffectedSOPClassUID: '1.2\\3.4' }), null);
  t.is(encodeCommand({ CommandField: 1, ErrorComment: '' }), null);
  t.is(encodeCommand({ CommandField: 70000 }), null);
  const patientName = Buffer.from('100010000400000044$OE ', 'latin1');
  t.is(decodeCommand(patientName), null);
  const empty = Buffer.from([0, 0, 0x02, 0, 0, 0, 0, 0]);
  t.is(decodeCommand(empty), null);
});

test('malformed command bytes give null or elements, never an exception', (t) => {
  const valid = dcmjsCommandCodec.write(commands()[0][1].getCommandDataset().getElements());
  const random = seededRandom(42);
  for (let i = 0; i < 5000; i++) {
    const bytes = Buffer.from(valid.subarray(0, Math.floor(random() * (valid.length + 1))));
    for (let flips = 0; flips < 3 && bytes.length > 0; flips++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    t.notThrows(() => decodeCommand(bytes));
  }
});
