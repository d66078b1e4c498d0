/**
 * 二维码图片: a code's picture in the QR table, as a thumbnail that opens large (with replace and remove), or an
 * upload button. The file is read here and sent as base64; the backend decides by the bytes (PNG/JPEG, size).
 */
import {
  ActionIcon,
  Button,
  FileButton,
  Group,
  Image,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { QrCode } from '../../../../shared/domain/admission';
import { qrImageMaxBytes, qrImageTypes } from '../../../../shared/ipc/channels/admissionQrImages';
import { ApiError, call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { FormModal, useBusy } from '../../ui/formKit';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { useCan } from '../lock/session';

const maxKilobytes = qrImageMaxBytes / 1024;

/** The file's bytes as base64, in chunks (a spread of a whole megabyte would overflow the call stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

function useAttach(qrCodeId: number) {
  const { t } = useFormat();
  const { busy, run } = useBusy();
  const attach = (file: File | null) =>
    file &&
    run(async () => {
      // Checked before sending, with the backend's own message; the backend checks again.
      if (file.size > qrImageMaxBytes)
        throw new ApiError({
          code: 'VALIDATION',
          message: 'qrcodes.errors.imageTooLarge',
          params: { size: Math.ceil(file.size / 1024), max: maxKilobytes },
        });
      await call('qrcodes.attachImage', { qrCodeId, fileName: file.name, dataBase64: await base64Of(file) });
      notifySuccess(t('groupsUi.qr.imageAttached'));
    });
  return { busy, attach };
}

function UploadButton({
  qrCodeId,
  children,
}: {
  qrCodeId: number;
  children(props: { onClick(): void; busy: boolean }): ReactNode;
}) {
  const { busy, attach } = useAttach(qrCodeId);
  return (
    <FileButton onChange={(file) => void attach(file)} accept={qrImageTypes.join(',')}>
      {(props) => children({ onClick: props.onClick, busy })}
    </FileButton>
  );
}

export function QrImageCell({ code }: { code: QrCode }) {
  const { t, dateTime } = useFormat();
  const { data: image } = useChannel('qrcodes.image', { qrCodeId: code.id }, ['groups']);
  const [enlarged, setEnlarged] = useState(false);
  const { busy: removing, run } = useBusy();
  const canEdit = useCan('edit');
  const label = code.label || t('groupsUi.qr.unlabelled');

  if (image === undefined) return null;
  if (image === null && !canEdit)
    return (
      <Text size="xs" c="dimmed">
        {t('groupsUi.qr.noImage')}
      </Text>
    );
  if (image === null)
    return (
      <UploadButton qrCodeId={code.id}>
        {({ onClick, busy }) => (
          <Tooltip label={t('groupsUi.qr.imageHint', { max: maxKilobytes })}>
            <ActionIcon
              variant="light"
              color="gray"
              size="lg"
              loading={busy}
              onClick={onClick}
              aria-label={t('groupsUi.qr.attachImage')}
              data-testid="qr-image-attach"
            >
              <IconPhotoUp size={18} />
            </ActionIcon>
          </Tooltip>
        )}
      </UploadButton>
    );

  const remove = () =>
    run(async () => {
      await call('qrcodes.removeImage', { qrCodeId: code.id });
      notifySuccess(t('groupsUi.qr.imageRemoved'));
      setEnlarged(false);
    });

  return (
    <>
      <Tooltip label={t('groupsUi.qr.enlarge')}>
        <UnstyledButton
          onClick={() => setEnlarged(true)}
          aria-label={t('groupsUi.qr.enlarge')}
          data-testid="qr-thumb"
        >
          <Image
            src={image.dataUrl}
            alt={label}
            w={40}
            h={40}
            fit="contain"
            radius="sm"
            bd="1px solid var(--mantine-color-default-border)"
            bg="white"
          />
        </UnstyledButton>
      </Tooltip>
      <FormModal opened={enlarged} onClose={() => setEnlarged(false)} title={label} testId="qr-image-modal">
        <Stack gap="sm">
          <Image
            src={image.dataUrl}
            alt={label}
            mah="60vh"
            fit="contain"
            radius="md"
            bg="white"
            data-testid="qr-image-large"
          />
          <Text size="xs" c="dimmed" ta="center">
            {t('groupsUi.qr.imageMeta', {
              name: image.fileName || '—',
              size: Math.ceil(image.byteSize / 1024),
              operator: image.operator,
              date: dateTime(image.attachedAt),
            })}
          </Text>
          {canEdit && (
            <Group justify="flex-end" gap="sm">
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={removing}
                onClick={() => void remove()}
                data-testid="qr-image-remove"
              >
                {t('groupsUi.qr.removeImage')}
              </Button>
              <UploadButton qrCodeId={code.id}>
                {({ onClick, busy }) => (
                  <Button
                    variant="light"
                    leftSection={<IconPhotoUp size={16} />}
                    loading={busy}
                    onClick={onClick}
                  >
                    {t('groupsUi.qr.replaceImage')}
                  </Button>
                )}
              </UploadButton>
            </Group>
          )}
        </Stack>
      </FormModal>
    </>
  );
}
