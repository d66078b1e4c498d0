import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { I18nextProvider } from 'react-i18next';
import { JobsProvider } from '../features/jobs/JobsProvider';
import { SessionGate } from '../features/lock/session';
import { RecoveryGate } from '../features/recovery/RecoveryGate';
import { AppLayout } from './AppLayout';
import { i18n } from './i18n';
import { SettingsProvider } from './settings';
import { theme } from './theme';

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="bottom-right" limit={4} />
        <SettingsProvider>
          <RecoveryGate>
            <SessionGate>
              <JobsProvider>
                <AppLayout />
              </JobsProvider>
            </SessionGate>
          </RecoveryGate>
        </SettingsProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
