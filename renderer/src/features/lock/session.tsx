/**
 * The renderer's view of the app lock. The backend decides (it refuses data channels while locked and runs the
 * idle timer); this gate only follows it: while locked nothing of the workspace is mounted, only the lock screen.
 * It reports the user's input as activity so the backend's idle timer starts again.
 */
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import {
  createContext,
  useContext,
  useEffect,
  useEffectEvent,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Permission, SessionStatus } from '../../../../shared/domain/operators';
import { call } from '../../api/client';
import { describeError, notifyError } from '../../ui/errors';
import { useDataChanged } from '../../ui/useChannel';
import { LockScreen } from './LockScreen';

interface SessionContextValue {
  status: SessionStatus;
  can(permission: Permission): boolean;
  lock(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionGate');
  return value;
}

/**
 * Whether the session may do this: screens disable or hide what the backend would refuse (it checks every call
 * anyway). Before operators exist every permission is granted.
 */
export function useCan(permission: Permission): boolean {
  return useSession().can(permission);
}

/** How often at most the renderer tells the backend the user is active. */
const activityReportMs = 20_000;
/** A push may be missed (a dropped event stream); asking now and then keeps the screen honest. */
const statusPollMs = 30_000;
const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

function useActivityReports(active: boolean): void {
  const lastReport = useRef(0);
  useEffect(() => {
    if (!active) return;
    lastReport.current = Date.now();
    const report = () => {
      const now = Date.now();
      if (now - lastReport.current < activityReportMs) return;
      lastReport.current = now;
      // A failure here (locked meanwhile) shows up through the status push; nothing to tell the user.
      call('session.activity').catch(() => undefined);
    };
    for (const name of activityEvents)
      window.addEventListener(name, report, { passive: true, capture: true });
    return () => {
      for (const name of activityEvents) window.removeEventListener(name, report, { capture: true });
    };
  }, [active]);
}

export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SessionStatus | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const accept = (next: SessionStatus) => {
    setStatus((previous) => {
      // Toasts may name files or members: none stays on screen over the lock.
      if (next.mode === 'locked' && previous?.mode !== 'locked') notifications.clean();
      return next;
    });
  };
  const load = () => {
    call('session.status').then(
      (next) => {
        setFailure(null);
        accept(next);
      },
      (error: unknown) => {
        notifyError(error);
        setFailure(error);
      },
    );
  };

  const reload = useEffectEvent(load);
  // Loads once; later changes arrive as data.changed (and the poll below).
  useEffect(() => reload(), []);
  useDataChanged(['session'], load);
  const signedIn = status?.mode === 'signedIn';
  useEffect(() => {
    if (!signedIn) return;
    const timer = window.setInterval(() => reload(), statusPollMs);
    return () => window.clearInterval(timer);
  }, [signedIn]);
  useActivityReports(signedIn);

  if (!status) {
    // Never a spinner forever: a session that cannot be read (say, a damaged page in read-only mode) says so.
    return (
      <Center h="100dvh">
        {failure ? (
          <Alert color="red" title={t('lock.unavailable')} maw={480} data-testid="session-failure">
            <Stack gap="sm" align="flex-start">
              <Text size="sm">{describeError(failure)}</Text>
              <Button variant="light" onClick={load}>
                {t('common.retry')}
              </Button>
            </Stack>
          </Alert>
        ) : (
          <Loader />
        )}
      </Center>
    );
  }
  if (status.mode === 'locked') return <LockScreen status={status} onUnlocked={accept} />;

  const value: SessionContextValue = {
    status,
    can: (permission) => status.permissions.includes(permission),
    lock: async () => {
      try {
        accept(await call('session.lock'));
      } catch (error) {
        notifyError(error);
      }
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
