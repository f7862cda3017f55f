import { isStorageSopClass } from '../../transforms/dicom/storage-sop-classes.ts';
import { READABLE_TRANSFER_SYNTAXES, TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';
import { constants, type DimseAssociationInfo } from './dcmjs-dimse.ts';


export const SopClass = {
  Verification: '1.2.840.10008.1.1',
  PatientRootFind: '1.2.840.10008.5.1.4.1.2.1.1',
  PatientRootMove: '1.2.840.10008.5.1.4.1.2.1.2',
  PatientRootGet: '1.2.840.10008.5.1.4.1.2.1.3',
  StudyRootFind: '1.2.840.10008.5.1.4.1.2.2.1',
  StudyRootMove: '1.2.840.10008.5.1.4.1.2.2.2',
  StudyRootGet: '1.2.840.10008.5.1.4.1.2.2.3',
} as const;

const UNCOMPRESSED = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];
const COMMAND_SOP_CLASSES = new Set<string>(Object.values(SopClass));

export interface AssociationPolicy {
  aeTitle: string;
  /** Calling AE titles accepted; empty: any. */
  callingAeTitles: readonly string[];
  maxPduLength: number;
  /** Whether Query/Retrieve SOP classes are offered (a channel's source only receives: C-ECHO and C-STORE). */
  queryRetrieve: boolean;
}

/** A refusal as A-ASSOCIATE-RJ gives it (PS3.8 9.3.4): result, source, reason. */
export interface AssociationRejection {
  result: number;
  source: number;
  reason: number;
  why: string;
}

/**
 * Decide an A-ASSOCIATE-RQ: the called and calling AE titles, then each presentation
 * context. Verification and Query/Retrieve take uncompressed syntaxes; storage SOP classes
 * take the first proposed syntax this engine reads, Implicit VR last (any compressed one is
 * stored as received). Unknown abstract syntaxes are refused one by one, and Query/Retrieve ones
 * where the policy does not offer them.
 */
export function negotiateAssociation(association: DimseAssociationInfo, policy: AssociationPolicy): AssociationRejection | null {
  const { RejectResult, RejectSource, RejectReason, PresentationContextResult } = constants;
  if (association.getCalledAeTitle().trim() !== policy.aeTitle) {
    return { result: RejectResult.Permanent, source: RejectSource.ServiceUser, reason: RejectReason.CalledAeNotRecognized, why: `called AE title ${association.getCalledAeTitle().trim()} is not ${policy.aeTitle}` };
  }
  const calling = association.getCallingAeTitle().trim();
  if (policy.callingAeTitles.length > 0 && !policy.callingAeTitles.includes(calling)) {
    return { result: RejectResult.Permanent, source: RejectSource.ServiceUser, reason: RejectReason.CallingAeNotRecognized, why: `calling AE title ${calling} is not accepted` };
  }
  association.setMaxPduLength(Math.min(association.getMaxPduLength() || policy.maxPduLength, policy.maxPduLength));
  for (const { id } of association.getPresentationContexts()) {
    const context = association.getPresentationContext(id);
    const abstract = context.getAbstractSyntaxUid();
    const proposed = context.getTransferSyntaxUids();
    const offered = policy.queryRetrieve || !COMMAND_SOP_CLASSES.has(abstract) || abstract === SopClass.Verification;
    const acceptable = !offered ? null : COMMAND_SOP_CLASSES.has(abstract) ? UNCOMPRESSED : isStorageSopClass(abstract) ? READABLE_TRANSFER_SYNTAXES : null;
    if (!acceptable) {
      context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      continue;
    }
    const chosen = COMMAND_SOP_CLASSES.has(abstract) ? UNCOMPRESSED.find((ts) => proposed.includes(ts)) : chooseStorageSyntax(proposed, acceptable);
    if (chosen) context.setResult(PresentationContextResult.Accept, chosen);
    else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
  }
  return null;
}

/**
 * The syntax a storage context is received in: the first proposed that the engine reads,
 * Implicit VR Little Endian only when nothing else is (it loses the VRs; SCUs such as
 * dcmjs-dimse propose it first), so the instance is stored as the sender holds it.
 */
function chooseStorageSyntax(proposed: readonly string[], acceptable: readonly string[]): string | undefined {
  const readable = proposed.filter((ts) => acceptable.includes(ts));
  return readable.find((ts) => ts !== TransferSyntax.ImplicitVRLittleEndian) ?? readable[0];
}
