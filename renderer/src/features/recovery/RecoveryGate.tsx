/**
 * Decides what the app shows for the workspace's state: the recovery screen while the start-up check found the
 * database damaged, the app under a read-only banner once the user opened it read-only, else the app as usual.
 */
import { Alert, Box, Center, Loader } from '@mantine/core';
import { IconEyeExclamation } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecoveryStatus } from '../../../../shared/ipc/channels/recovery';
import { call } from '../../api/client';
import { notifyError } from '../../ui/errors';
import { useDataChanged } from '../../ui/useChannel';
import { RecoveryScreen } from './RecoveryScreen';

export function RecoveryGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<RecoveryStatus | null>(null);
  const [unanswered, setUnanswered] = useState(false);
  const load = () => {
    call('recovery.status').then(setStatus, (error: unknown) => {
      notifyError(error);
      // Without an answer the app is shown as usual; every data channel refuses on its own while damaged.
      setUnanswered(true);
    });
  };
  // Loads once; later changes arrive as data.changed.
  useEffect(load, []);
  useDataChanged(['workspace'], load);

  if (!status) {
    if (unanswered) return <>{children}</>;
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (status.state === 'damaged') return <RecoveryScreen status={status} onChanged={setStatus} />;
  if (status.state === 'readOnly') {
    // Pinned to the bottom edge: the app shell's header and navbar are fixed at the top and left.
    return (
      <>
        {children}
        <Box h={48} aria-hidden />
        <Alert
          color="orange"
          variant="filled"
          radius={0}
          icon={<IconEyeExclamation size={18} />}
          data-testid="read-only-banner"
          role="status"
          styles={{ root: { position: 'fixed', left: 0, right: 0, bottom: 0, zIndex: 300 } }}
        >
          {t('recovery.banner.readOnly')}
        </Alert>
      </>
    );
  }
  return <>{children}</>;
}
