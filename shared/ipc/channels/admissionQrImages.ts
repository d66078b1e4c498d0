/**
 * Entry QR code images (`qrcodes.*Image`): the picture of a code as posted in WeChat, attached to its record so a
 * moderator can show or re-send it. PNG or JPEG up to `qrImageMaxBytes`, sent as base64 (payloads are JSON), kept in
 * the workspace database (so backups carry it). Changes are audited and announced as ['groups', 'audit'].
 */
import { z } from 'zod';
import { boundedText, channel, idSchema } from '../channel';

/**
 * The largest image accepted: WeChat's group QR codes are well under 300 KB, and base64 of 1 MB (1.4 MB) stays
 * under the 2 MB request limit of the local browser transport.
 */
export const qrImageMaxBytes = 1024 * 1024;
export const qrImageTypes = ['image/png', 'image/jpeg'] as const;
export type QrImageType = (typeof qrImageTypes)[number];

export interface QrImage {
  qrCodeId: number;
  mime: QrImageType;
  /** `data:<mime>;base64,…`, ready for an <img>. */
  dataUrl: string;
  byteSize: number;
  fileName: string;
  attachedAt: string;
  operator: string;
}

const qrCodeRef = z.object({ qrCodeId: idSchema }).strict();

export const qrImageChannels = {
  /** Attaches (or replaces) a code's image; the bytes are checked (PNG/JPEG signature, size), not the file name. */
  'qrcodes.attachImage': channel<QrImage>()(
    z
      .object({
        qrCodeId: idSchema,
        fileName: boundedText(200).default(''),
        // Base64 of up to twice the limit, so an oversized image gets the size error rather than a schema error.
        dataBase64: z
          .string()
          .max(Math.ceil((qrImageMaxBytes * 2 * 4) / 3) + 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/),
      })
      .strict(),
  ),
  /** The code's image, or null when none is attached. */
  'qrcodes.image': channel<QrImage | null>()(qrCodeRef),
  'qrcodes.removeImage': channel<{ removed: boolean }>()(qrCodeRef),
};
