/** The OS side of the app lock: the computer going to sleep or its screen locking locks the workstation too. */
import { powerMonitor } from 'electron';
import type { SystemLockEvent } from '../services/session';

/** Calls `lock` on each of those events until the returned function stops listening. */
export function lockOnSystemEvents(lock: (event: SystemLockEvent) => void): () => void {
  const onSuspend = () => lock('suspend');
  const onLockScreen = () => lock('lock-screen');
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('lock-screen', onLockScreen);
  return () => {
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('lock-screen', onLockScreen);
  };
}
