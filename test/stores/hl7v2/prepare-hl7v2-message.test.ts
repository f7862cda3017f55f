import test from 'ava';
import { prepareHl7v2Message } from '../../../stores/hl7v2/prepare-hl7v2-message.ts';

/** An ADT message sent at `msh7` (HL7 DTM, with its offset). */
function sentAt(msh7: string): Buffer {
  return Buffer.from(`MSH|^~\\&|APP|FAC|REC|RFAC|${msh7}||ADT^A01|MSG1|P|2.5\rPID|1|A1^^^H^MR|B2^^^H^PI\r`);
}

const hl7Time = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';

test('send date in the dataset time zone, around midnights, DST changes and a +05:45 zone, asked in time order and out of it', (t) => {
  for (const timeZone of ['UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    // Every 7 minutes over the days around the US DST change of 2026-03-08, then the same times shuffled.
    const times: number[] = [];
    for (let ms = Date.parse('2026-03-07T00:00:00Z'); ms < Date.parse('2026-03-10T00:00:00Z'); ms += 7 * 60 * 1000 + 13_000) times.push(ms);
    const shuffled = times.map((_, i) => times[(i * 7919) % times.length]);
    for (const ms of [...times, ...shuffled]) {
      const prepared = prepareHl7v2Message(sentAt(hl7Time(ms)), {}, timeZone);
      if (prepared.sendDate !== format.format(ms)) t.fail(`${timeZone} ${new Date(ms).toISOString()}: ${prepared.sendDate}, not ${format.format(ms)}`);
    }
  }
  t.pass();
});

test('the indexed fields: type, facility, UTC send time and date, patient ids of PID-2 and PID-3 with their types; no time for an absent MSH-7', (t) => {
  const prepared = prepareHl7v2Message(sentAt('20260307231500-0500'), {}, 'America/New_York');
  t.is(prepared.messageType, 'ADT');
  t.is(prepared.sendFacility, 'FAC');
  t.is(prepared.sendTime, '2026-03-08T04:15:00.000Z');
  t.is(prepared.sendDate, '2026-03-07');
  t.deepEqual(prepared.patientIds, [{ value: 'A1', type: 'MR' }, { value: 'B2', type: 'PI' }]);
  const undated = prepareHl7v2Message(sentAt(''), {}, 'UTC');
  t.is(undated.sendTime, '');
  t.is(undated.sendDate, '');
});
