/** One association as its requests see it: who called, from where. */
export interface AssociationPeer {
  callingAeTitle: string;
  address: string;
  associationId: string;
}
