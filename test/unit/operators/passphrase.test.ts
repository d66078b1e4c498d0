import { describe, expect, it } from 'vitest';
import { hashPassphrase, verifyPassphrase } from '../../../electron/main/services/operators';
import { signInBackoffMs } from '../../../shared/domain/operators';
import { fastScrypt } from './fixtures';

describe('operator passphrases', () => {
  it('are stored as scrypt with their parameters and a random salt, and verify', async () => {
    const stored = await hashPassphrase('正确的口令 horse', fastScrypt);
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(stored).not.toContain('horse');
    expect(await verifyPassphrase('正确的口令 horse', stored)).toBe(true);

    const again = await hashPassphrase('正确的口令 horse', fastScrypt);
    expect(again).not.toBe(stored);
    expect(await verifyPassphrase('正确的口令 horse', again)).toBe(true);
  });

  it('refuse a wrong passphrase, a near miss and an empty one', async () => {
    const stored = await hashPassphrase('open sesame', fastScrypt);
    for (const wrong of ['open sesamE', 'open sesame ', 'open sesam', '', 'OPEN SESAME']) {
      expect(await verifyPassphrase(wrong, stored), wrong).toBe(false);
    }
  });

  it('treat the same text in composed and decomposed Unicode as one passphrase', async () => {
    const stored = await hashPassphrase('caf\u00e9', fastScrypt);
    expect(await verifyPassphrase('cafe\u0301', stored)).toBe(true);
  });

  it('refuse tampered or malformed stored hashes instead of running huge scrypt calls', async () => {
    const stored = await hashPassphrase('open sesame', fastScrypt);
    const parts = stored.split('$');
    const withN = (n: string) => [parts[0], n, ...parts.slice(2)].join('$');
    for (const bad of [
      withN(String(2 ** 30)),
      withN('1000'),
      withN('abc'),
      'scrypt$1024$8$1',
      'bcrypt$x',
      '',
    ]) {
      expect(await verifyPassphrase('open sesame', bad), bad).toBe(false);
    }
    // The same salt and hash under other parameters no longer match.
    expect(await verifyPassphrase('open sesame', withN('2048'))).toBe(false);
  });
});

describe('sign-in back-off', () => {
  it('lets five attempts through, then waits 30 s doubling up to 15 minutes', () => {
    expect([0, 1, 4].map(signInBackoffMs)).toEqual([0, 0, 0]);
    expect([5, 6, 7].map(signInBackoffMs)).toEqual([30_000, 60_000, 120_000]);
    expect(signInBackoffMs(40)).toBe(15 * 60_000);
  });
});

describe('CSV documents', () => {
  it('start with a BOM and the optional first line, quote what needs it and defuse formulas', async () => {
    const { csvDocument } = await import('../../../shared/domain/csv');
    const text = csvDocument(
      [
        ['a', 'b,c', 'say "hi"'],
        ['=SUM(A1)', '+1', null],
        [-5, 'line\nbreak', '@x'],
      ],
      '水印, 2024',
    );
    expect(text).toBe(
      '\uFEFF"水印, 2024"\r\na,"b,c","say ""hi"""\r\n\'=SUM(A1),\'+1,\r\n\'-5,"line\nbreak",\'@x\r\n',
    );
  });
});
