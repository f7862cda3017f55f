import { ApiError } from '../../engine/errors/api-error.ts';
import { parseQidoQuery } from '../../stores/dicom/parse-qido-query.ts';
import { qidoResultJson } from '../../stores/dicom/qido-result-json.ts';
import { searchDicomIndex } from '../../stores/dicom/search-dicom-index.ts';
import { keywordOfTag } from '../../transforms/dicom/dicom-dictionary.ts';
import { constants, Dataset, responses, type CFindRequestType } from './dcmjs-dimse.ts';
import { dimseAuditEntry, type AssociationPeer, type QueryRetrieveContext } from './dimse-context.ts';
import { readFindIdentifier, toIdentifierElements } from './find-identifier.ts';
import { SopClass } from './negotiate-association.ts';
import { refusal } from './resolve-retrieve.ts';

type CFindResponse = InstanceType<typeof responses.CFindResponse>;
const PAGE = 500;

export interface CFindExchange {
  request: CFindRequestType;
  /** The syntax of the presentation context, for the result data sets. */
  transferSyntaxUid: string;
  peer: AssociationPeer;
  sequence: number;
  /** Send responses now (pending ones as they are found, then the final one). */
  send: (responses: CFindResponse[]) => void;
  /** True once the SCU sent C-CANCEL for this request. */
  cancelled: () => boolean;
}

/**
 * C-FIND (PS3.4 C.4.1) on the listener's query store, Patient Root and Study Root, from
 * PATIENT to IMAGE level, with QIDO-RS's matching: a Pending response per match, sent a page
 * at a time, then Success (or Cancel). An identifier that cannot be matched answers A900
 * with an Error Comment saying why.
 */
export async function handleCFind(context: QueryRetrieveContext, exchange: CFindExchange): Promise<void> {
  const { request } = exchange;
  const final = responses.CFindResponse.fromRequest(request);
  const identifier = readFindIdentifier(request.getDataset()?.getElements() ?? {});
  const studyRoot = request.getAffectedSopClassUid() === SopClass.StudyRootFind;
  const refuse = (status: number, comment: string) => exchange.send([refusal(final, status, comment)]);
  if (!identifier) return refuse(constants.Status.InvalidArgumentValue, 'QueryRetrieveLevel must be PATIENT, STUDY, SERIES or IMAGE');
  if (identifier.level === 'patient' && studyRoot) return refuse(constants.Status.InvalidArgumentValue, 'Study Root has no PATIENT level');
  const store = await context.queryTarget.resolve();
  if (!store) return refuse(0xc001, `store ${context.queryTarget.name.split('/').pop()} does not exist`);
  let query;
  try {
    query = { ...parseQidoQuery(identifier.level, {}, { ...identifier.matches, limit: String(PAGE) }), includeTags: identifier.returnTags };
  } catch (error) {
    if (error instanceof ApiError) return refuse(0xa900, error.message);
    throw error;
  }
  let found = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await searchDicomIndex(context.queryTarget.region, store, { ...query, offset });
    const pending = page.matches.map((match) => {
      const elements = toIdentifierElements(qidoResultJson(match, query, null), identifier.returnTags, keywordOfTag);
      const response = responses.CFindResponse.fromRequest(request);
      response.setStatus(constants.Status.Pending);
      response.setDataset(new Dataset({ ...elements, QueryRetrieveLevel: request.getDataset()?.getElement('QueryRetrieveLevel'), SpecificCharacterSet: 'ISO_IR 192' }, exchange.transferSyntaxUid));
      return response;
    });
    found += pending.length;
    if (exchange.cancelled()) break;
    if (pending.length) exchange.send(pending);
    if (page.remaining === 0) break;
  }
  context.audit.record(context.queryTarget.region, dimseAuditEntry(exchange.peer, 'C-FIND', 'healthcare.dicomStores.dicomWebRead', context.queryTarget.name, 200, exchange.sequence));
  context.logger.debug({ associationId: exchange.peer.associationId, level: identifier.level, found }, 'C-FIND answered');
  final.setStatus(exchange.cancelled() ? constants.Status.Cancel : constants.Status.Success);
  exchange.send([final]);
}
