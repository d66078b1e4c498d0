/**
 * Entry QR code images: checked by their bytes (a PNG or JPEG signature, a size limit), kept in the database beside
 * their code, audited. Nothing of an image is written when any check fails.
 */
import { createHash } from 'node:crypto';
import {
  qrImageMaxBytes,
  type QrImage,
  type QrImageType,
} from '../../../shared/ipc/channels/admissionQrImages';
import { AppError } from '../../../shared/ipc/errors';
import {
  deleteQrImage,
  findQrCode,
  findQrImage,
  saveQrImage,
  type StoredQrImage,
} from '../db/repositories/admission';
import type { ServiceContext } from './context';
import { audit, inTransaction } from './membersCommon';

const signatures: { mime: QrImageType; bytes: number[] }[] = [
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The image type the bytes start with, whatever the file is called; null for anything else. */
export function sniffQrImageType(bytes: Uint8Array): QrImageType | null {
  return (
    signatures.find((signature) => signature.bytes.every((byte, index) => bytes[index] === byte))?.mime ??
    null
  );
}

const kilobytes = (bytes: number) => Math.ceil(bytes / 1024);

function requireQrCode(context: ServiceContext, qrCodeId: number): { id: number; group_id: number } {
  const code = findQrCode(context.db, qrCodeId);
  if (!code) throw new AppError('NOT_FOUND', 'qrcodes.errors.notFound', { id: qrCodeId });
  return code;
}

function toQrImage(row: StoredQrImage): QrImage {
  return {
    qrCodeId: row.qr_code_id,
    mime: row.mime,
    dataUrl: `data:${row.mime};base64,${row.bytes.toString('base64')}`,
    byteSize: row.byte_size,
    fileName: row.file_name,
    attachedAt: new Date(row.attached_at).toISOString(),
    operator: row.operator,
  };
}

export function attachQrImage(
  context: ServiceContext,
  input: { qrCodeId: number; fileName: string; dataBase64: string },
): QrImage {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) throw new AppError('VALIDATION', 'qrcodes.errors.imageEmpty');
  if (bytes.length > qrImageMaxBytes)
    throw new AppError('VALIDATION', 'qrcodes.errors.imageTooLarge', {
      size: kilobytes(bytes.length),
      max: kilobytes(qrImageMaxBytes),
    });
  const mime = sniffQrImageType(bytes);
  if (!mime) throw new AppError('VALIDATION', 'qrcodes.errors.imageType');
  inTransaction(context, () => {
    const code = requireQrCode(context, input.qrCodeId);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    saveQrImage(context.db, {
      qr_code_id: code.id,
      mime,
      bytes,
      sha256,
      file_name: input.fileName,
      attached_at: context.now(),
      operator: context.operator(),
    });
    audit(context, 'attach-qr-image', 'group', code.group_id, {
      qrCodeId: code.id,
      fileName: input.fileName,
      mime,
      byteSize: bytes.length,
      sha256,
    });
  });
  return toQrImage(findQrImage(context.db, input.qrCodeId)!);
}

export function qrImage(context: ServiceContext, qrCodeId: number): QrImage | null {
  requireQrCode(context, qrCodeId);
  const row = findQrImage(context.db, qrCodeId);
  return row ? toQrImage(row) : null;
}

export function removeQrImage(context: ServiceContext, qrCodeId: number): { removed: boolean } {
  return inTransaction(context, () => {
    const code = requireQrCode(context, qrCodeId);
    const removed = deleteQrImage(context.db, qrCodeId);
    if (removed) audit(context, 'remove-qr-image', 'group', code.group_id, { qrCodeId });
    return { removed };
  });
}
