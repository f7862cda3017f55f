import { BlockList, isIP } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The peers a listener (MLLP, DIMSE) accepts: IP addresses and CIDR ranges, IPv4 and IPv6.
 * An IPv4 peer seen through a dual-stack socket (`::ffff:10.1.2.3`) matches IPv4 entries.
 */
export class PeerAllowList {
  private readonly list = new BlockList();

  /** Throws naming the first entry that is neither an IP address nor a CIDR range. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) this.add(entry.trim());
  }

  allows(address: string): boolean {
    const mapped = MAPPED_IPV4.exec(address);
    if (mapped) return this.list.check(mapped[1], 'ipv4');
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }

  private add(entry: string): void {
    const [address, prefixText, ...rest] = entry.split('/');
    const family = isIP(address);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (family === 0 || rest.length > 0) throw new Error(`peer allow-list entry "${entry}" is not an IP address or CIDR range`);
    if (prefixText === undefined) return this.list.addAddress(address, type);
    const prefix = Number(prefixText);
    const maxPrefix = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefixText) || prefix > maxPrefix) {
      throw new Error(`peer allow-list entry "${entry}" has a prefix length outside 0..${maxPrefix}`);
    }
    this.list.addSubnet(address, prefix, type);
  }
}
