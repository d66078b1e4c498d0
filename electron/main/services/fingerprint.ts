/** Content as compared for duplicates: Unicode-normalised, whitespace folded. */
export function normaliseForFingerprint(content: string): string {
  return content.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * The identity of a message entered one at a time (demo data, fixtures): the key an import gives the first such
 * message of its second (`importedMessageFingerprint`), so both dedupe alike and keep the unique index in time order.
 */
export function messageFingerprint(
  groupId: number,
  senderName: string,
  sentAt: number,
  content: string,
): string {
  const contentHash = senderContentHash(senderName.trim(), normaliseForFingerprint(content));
  return importedMessageFingerprint(groupId, Math.floor(sentAt / 1000), contentHash, 0);
}

const hexBytes = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    hexBytes[value >>> 24]! +
    hexBytes[(value >>> 16) & 255]! +
    hexBytes[(value >>> 8) & 255]! +
    hexBytes[value & 255]!
  );
}

/**
 * A fast 64-bit hash (two multiplicative lanes over UTF-16 units, then an avalanche), as 16 hex digits.
 * Not cryptographic: it keys duplicates of one workspace, where sha256 per message costs more than the insert.
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex32(h2 >>> 0) + hex32(h1 >>> 0);
}

/** The export's own message id (MsgSvrID, platformMessageId…) identifies a message within its group. */
export function serverIdFingerprint(groupId: number, serverId: string): string {
  return `${groupId}#${serverId}`;
}

/** Who said what, hashed: the part of an imported message's identity that is not its time or ordinal. */
export function senderContentHash(senderKey: string, normalisedContent: string): string {
  return hash64(`${senderKey}\u001f${normalisedContent}`);
}

/**
 * Identity of an imported message without a server id: group, second, sender (wxid, else name) and normalised
 * content (as `senderContentHash`), and its ordinal among identical messages of that second (people do send "好"
 * three times in one second). The group and second lead the key, so exports, which run in time order, insert near
 * the end of the unique index instead of all over it.
 */
export function importedMessageFingerprint(
  groupId: number,
  second: number,
  contentHash: string,
  ordinal: number,
): string {
  return `${groupId}:${second.toString(36)}:${contentHash}${ordinal > 0 ? `.${ordinal}` : ''}`;
}
