/**
 * Canonical, non-empty base64 as Google's JSON carries bytes: whole 4-character groups,
 * padding only at the end. Node's decoder accepts anything and silently drops what it
 * cannot read, so input is checked with this before it is decoded.
 */
export const BASE64 = /^(?=.)(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
