/* The rules of the entries that describe a socket and its bounds: MLLP listeners, channel sources and destinations. */
import type { IntegerRule, TextRule } from './entry-reader.ts';

const HOST_PATTERN = /^[^\s/]+$/;

/** What a listener's host may be: a name or an address, no spaces or slashes. */
export const HOST: TextRule = { pattern: HOST_PATTERN, message: 'must be a host name or IP address, such as 127.0.0.1 or 0.0.0.0' };

/** The host of a peer to connect to. */
export const PEER_HOST: TextRule = { pattern: HOST_PATTERN, message: 'must be a host name or IP address, such as lab.example.org or 10.0.0.5' };

/** 0 lets a listener take any free port (tests bind that way). */
export const PORT: IntegerRule = { min: 0, max: 65535, message: 'must be a port number from 0 to 65535' };

/** Counts, timeouts and attempts. */
export const POSITIVE: IntegerRule = { min: 1, max: Number.MAX_SAFE_INTEGER, message: 'must be a whole number greater than 0' };
