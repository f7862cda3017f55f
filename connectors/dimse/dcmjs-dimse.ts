import dimse from 'dcmjs-dimse';

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
