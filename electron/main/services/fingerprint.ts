import { createHash } from 'node:crypto';

/** Content as compared for duplicates: Unicode-normalised, whitespace folded. */
export function normaliseForFingerprint(content: string): string {
  return content.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * The identity of a message across exports: the same (group, sender, second, content) from two overlapping
 * exports, even by different tools, is one message.
 */
export function messageFingerprint(groupId: number, senderName: string, sentAt: number, content: string): string {
  return createHash('sha256')
    .update(`${groupId}\u001f${senderName.trim()}\u001f${Math.floor(sentAt / 1000)}\u001f${normaliseForFingerprint(content)}`)
    .digest('base64url')
    .slice(0, 32);
}
