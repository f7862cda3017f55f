import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';

/** MSH-10 of every message of an HL7v2 store, read page by page through the API (auth off). */
export async function storedControlIds(baseUrl: string, store: string): Promise<string[]> {
  const ids: string[] = [];
  let token = '';
  do {
    const page = await (await fetch(`${baseUrl}/v1/${store}/messages?view=RAW_ONLY&pageSize=1000${token ? `&pageToken=${token}` : ''}`)).json();
    for (const m of page.hl7V2Messages ?? []) ids.push(parseHl7v2Message(Buffer.from(m.data, 'base64')).controlId!);
    token = page.nextPageToken ?? '';
  } while (token);
  return ids;
}
