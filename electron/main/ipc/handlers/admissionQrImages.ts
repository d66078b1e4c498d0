import type { qrImageChannels } from '../../../../shared/ipc/channels/admissionQrImages';
import type { Backend } from '../../backend';
import { attachQrImage, qrImage, removeQrImage } from '../../services/admissionQrImages';
import type { Handlers } from '../dispatcher';

export function qrImageHandlers(backend: Backend): Pick<Handlers, keyof typeof qrImageChannels> {
  const { context } = backend;
  return {
    'qrcodes.attachImage': (input) =>
      backend.changed(['groups', 'audit'], () => attachQrImage(context, input)),
    'qrcodes.image': ({ qrCodeId }) => qrImage(context, qrCodeId),
    'qrcodes.removeImage': ({ qrCodeId }) =>
      backend.changed(['groups', 'audit'], () => removeQrImage(context, qrCodeId)),
  };
}
