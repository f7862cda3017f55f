/** VRs whose explicit length is 4 bytes after 2 reserved ones (PS3.5 Table 7.1-1). */
export const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);

/** The byte width to swap between little and big endian, per VR (AT is two 16-bit words). */
export const SWAP_WIDTH: Record<string, number> = { US: 2, SS: 2, OW: 2, AT: 2, UL: 4, SL: 4, FL: 4, OF: 4, OL: 4, FD: 8, OD: 8, SV: 8, UV: 8, OV: 8 };

export const UNDEFINED_LENGTH = 0xffffffff;
