import dimse from 'dcmjs-dimse';
import { decodeCommand, encodeCommand, type CommandElements } from './dimse-command-codec.ts';

/**
 * dcmjs-dimse's classes, taken once from its CommonJS bundle (Node sees only a default
 * export), and its logging kept off: Plexus logs DIMSE events itself, without patient data.
 */
export const { Scp, Client, Dataset, constants, requests, responses, log } = dimse;
log.setLevel('silent');

export type DimseAssociationInfo = InstanceType<typeof dimse.association.Association>;
export type DimseDataset = InstanceType<typeof dimse.Dataset>;
export type CStoreRequestType = InstanceType<typeof dimse.requests.CStoreRequest>;
export type CFindRequestType = InstanceType<typeof dimse.requests.CFindRequest>;
export type CMoveRequestType = InstanceType<typeof dimse.requests.CMoveRequest>;
export type CGetRequestType = InstanceType<typeof dimse.requests.CGetRequest>;
export type CEchoRequestType = InstanceType<typeof dimse.requests.CEchoRequest>;
export type PresentationContextType = InstanceType<typeof dimse.association.PresentationContext>;

/**
 * Command sets take the direct codec (dimse-command-codec.ts) instead of dcmjs's general
 * reader and writer; what it does not cover goes to dcmjs as before. dcmjs-dimse 0.3.3 is
 * pinned: these are its Dataset's own methods, called for every command it reads and sends.
 */
interface DatasetInternals {
  getElements(): CommandElements;
  getDenaturalizedCommandDataset(this: DatasetInternals, options?: unknown): Buffer;
  _fromElementsBuffer(this: DatasetInternals, bytes: Buffer, transferSyntaxUid: string, options: unknown): CommandElements;
}
const datasetMethods = Dataset.prototype as unknown as DatasetInternals;
const writeWithDcmjs = datasetMethods.getDenaturalizedCommandDataset;
const readWithDcmjs = datasetMethods._fromElementsBuffer;
datasetMethods.getDenaturalizedCommandDataset = function (options) {
  return (options === undefined ? encodeCommand(this.getElements()) : null) ?? writeWithDcmjs.call(this, options);
};
datasetMethods._fromElementsBuffer = function (bytes, transferSyntaxUid, options) {
  const command = transferSyntaxUid === constants.TransferSyntax.ImplicitVRLittleEndian && bytes.length >= 2 && bytes.readUInt16LE(0) === 0x0000 ? decodeCommand(bytes) : null;
  return command ?? readWithDcmjs.call(this, bytes, transferSyntaxUid, options);
};

/** dcmjs's own command writer and reader, which the direct codec must match (its tests compare them). */
export const dcmjsCommandCodec = {
  write: (elements: CommandElements): Buffer => writeWithDcmjs.call({ getElements: () => elements } as DatasetInternals),
  read: (bytes: Buffer): CommandElements => readWithDcmjs.call({} as DatasetInternals, bytes, constants.TransferSyntax.ImplicitVRLittleEndian, { ignoreErrors: true }),
};
