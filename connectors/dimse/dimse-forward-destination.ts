import type { DimseDestinationConfig } from '../../config/channel-config.ts';
import type { ForwardDestination, ForwardResult } from '../../engine/channels/forward-destination.ts';
import { firstString } from '../../transforms/dicom/dicom-json.ts';
import { DicomParseError } from '../../transforms/dicom/dicom-parse-error.ts';
import { readPart10Header } from '../../transforms/dicom/read-part10-header.ts';
import { sendCStores } from './send-c-stores.ts';
import { Part10Dataset } from './part10-dataset.ts';

/** C-STORE statuses that say the instance itself is refused: sending it again will not help. */
function isContentRefusal(status: number): boolean {
  return (status & 0xff00) === 0xa900 || (status & 0xf000) === 0xc000 || status === 0x0111 || status === 0x0122 || status === 0x0124;
}

/**
 * A channel's `dimse:` destination: the message, a Part-10 file, sent by C-STORE to an SCP
 * on an association of its own, as stored or re-encoded to what the SCP accepts. Success
 * and warnings are delivered; a content refusal (A9xx, Cxxx, 0122) is dead-lettered at once;
 * out of resources, a transient rejection or a network failure is retried with backoff.
 */
export class DimseForwardDestination implements ForwardDestination {
  constructor(
    readonly name: string,
    private readonly config: DimseDestinationConfig,
  ) {}

  async send(content: Buffer): Promise<ForwardResult> {
    let dataset: Part10Dataset;
    try {
      const { dataset: header, transferSyntaxUid } = readPart10Header(content, true);
      const sopClassUid = firstString(header, '00080016');
      const sopInstanceUid = firstString(header, '00080018');
      if (!sopClassUid || !sopInstanceUid) return { ok: false, retry: false, reason: 'the message has no SOP Class UID or SOP Instance UID', response: null };
      dataset = new Part10Dataset({ sopClassUid, sopInstanceUid, transferSyntaxUid }, () => content);
    } catch (error) {
      if (!(error instanceof DicomParseError)) throw error;
      return { ok: false, retry: false, reason: `the message is not a DICOM Part-10 file: ${error.message}`, response: null };
    }
    const { aet, host, port, callingAet, timeoutMs } = this.config;
    const [outcome] = await sendCStores({ host, port, callingAeTitle: callingAet, calledAeTitle: aet, timeoutMs }, [dataset]);
    const response = outcome.status === undefined ? null : `C-STORE status 0x${outcome.status.toString(16).padStart(4, '0')}${outcome.comment ? `: ${outcome.comment}` : ''}`;
    if (outcome.status === 0 || (outcome.status !== undefined && (outcome.status & 0xf000) === 0xb000)) return { ok: true, response: response! };
    if (outcome.status !== undefined) return { ok: false, retry: !isContentRefusal(outcome.status), reason: `${aet} refused the instance (${response})`, response };
    return { ok: false, retry: outcome.retry, reason: outcome.reason ?? `${aet} did not answer the C-STORE`, response: null };
  }

  async close(): Promise<void> {}
}
