/**
 * Entry QR code images: PNG and JPEG are told by their bytes (not the file name), oversized and empty files and
 * other types are refused with their own message and leave nothing behind, an image replaces the previous one, goes
 * with its code, and every change is audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import { sniffQrImageType } from '../../../electron/main/services/admissionQrImages';
import { qrImageMaxBytes } from '../../../shared/ipc/channels/admissionQrImages';
import { groupsBackend, type GroupsTestBackend } from '../groups/fixtures';

/** A real 1×1 PNG. */
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const jpegHead = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

describe('entry QR code images', () => {
  let t: GroupsTestBackend;
  let qrCodeId: number;
  const imageRows = () => t.db.prepare('SELECT count(*) FROM group_qr_code_images').pluck().get();
  beforeEach(async () => {
    t = groupsBackend();
    const groupId = t.group('宝妈答疑群');
    qrCodeId = (await t.call('qrcodes.add', { groupId, label: '公众号菜单' })).id;
  });
  afterEach(() => t.dispose());

  it('tells PNG and JPEG by their first bytes only', () => {
    expect(sniffQrImageType(onePixelPng)).toBe('image/png');
    expect(sniffQrImageType(jpegHead)).toBe('image/jpeg');
    expect(sniffQrImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffQrImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffQrImageType(onePixelPng.subarray(0, 7))).toBeNull();
    expect(sniffQrImageType(new Uint8Array())).toBeNull();
  });

  it('stores an image, shows it back as a data URL, replaces it, removes it, and audits each change', async () => {
    expect(await t.call('qrcodes.image', { qrCodeId })).toBeNull();
    const attached = await t.call('qrcodes.attachImage', {
      qrCodeId,
      fileName: '公众号菜单.png',
      dataBase64: onePixelPng.toString('base64'),
    });
    expect(attached).toMatchObject({ qrCodeId, mime: 'image/png', byteSize: onePixelPng.length });
    expect(attached.dataUrl).toBe(`data:image/png;base64,${onePixelPng.toString('base64')}`);
    expect(await t.call('qrcodes.image', { qrCodeId })).toEqual(attached);

    // Named .png, but the bytes are a JPEG: the bytes decide.
    const replaced = await t.call('qrcodes.attachImage', {
      qrCodeId,
      fileName: 'poster.png',
      dataBase64: jpegHead.toString('base64'),
    });
    expect(replaced).toMatchObject({ mime: 'image/jpeg', byteSize: jpegHead.length, fileName: 'poster.png' });
    expect(imageRows()).toBe(1);

    expect(await t.call('qrcodes.removeImage', { qrCodeId })).toEqual({ removed: true });
    expect(await t.call('qrcodes.removeImage', { qrCodeId })).toEqual({ removed: false });
    expect(await t.call('qrcodes.image', { qrCodeId })).toBeNull();
    const actions = listAudit(t.db, 0, 20).rows.map((entry) => entry.action);
    expect(actions.filter((action) => action === 'attach-qr-image')).toHaveLength(2);
    expect(actions.filter((action) => action === 'remove-qr-image')).toHaveLength(1);
  });

  it('refuses other types, empty and oversized files with their own message, writing nothing', async () => {
    const refused = async (dataBase64: string) => {
      const result = await t.send('qrcodes.attachImage', { qrCodeId, fileName: 'x', dataBase64 });
      if (result.ok) throw new Error('accepted');
      return result.error;
    };
    expect(await refused(Buffer.from('GIF89a……').toString('base64'))).toMatchObject({
      code: 'VALIDATION',
      message: 'qrcodes.errors.imageType',
    });
    expect(await refused('')).toMatchObject({ message: 'qrcodes.errors.imageEmpty' });
    const oversized = Buffer.concat([onePixelPng, Buffer.alloc(qrImageMaxBytes)]);
    expect(await refused(oversized.toString('base64'))).toMatchObject({
      code: 'VALIDATION',
      message: 'qrcodes.errors.imageTooLarge',
      params: { size: Math.ceil(oversized.length / 1024), max: qrImageMaxBytes / 1024 },
    });
    // Exactly at the limit is fine.
    const atLimit = Buffer.concat([onePixelPng, Buffer.alloc(qrImageMaxBytes - onePixelPng.length)]);
    await t.call('qrcodes.attachImage', {
      qrCodeId,
      fileName: 'x.png',
      dataBase64: atLimit.toString('base64'),
    });
    expect(imageRows()).toBe(1);
    // Not base64 at all: the contract refuses it.
    expect(await refused('not base64!')).toMatchObject({ code: 'VALIDATION' });
    const missing = await t.send('qrcodes.attachImage', {
      qrCodeId: qrCodeId + 100,
      fileName: 'x.png',
      dataBase64: onePixelPng.toString('base64'),
    });
    expect(missing.ok ? null : missing.error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'qrcodes.errors.notFound',
    });
  });

  it('goes with its code', async () => {
    await t.call('qrcodes.attachImage', {
      qrCodeId,
      fileName: 'a.png',
      dataBase64: onePixelPng.toString('base64'),
    });
    t.db.prepare('DELETE FROM group_qr_codes WHERE id = ?').run(qrCodeId);
    expect(imageRows()).toBe(0);
  });
});
