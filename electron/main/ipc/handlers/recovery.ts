import type { ChannelName } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import { exportDiagnostics } from '../../services/diagnostics';
import { exportReadable, openReadOnly, recoveryStatus, restoreLatest } from '../../services/recovery';
import type { Handlers } from '../dispatcher';

type RecoveryChannel = Extract<ChannelName, `recovery.${string}` | `diagnostics.${string}`>;

export function recoveryHandlers(backend: Backend): Pick<Handlers, RecoveryChannel> {
  return {
    'recovery.status': () => recoveryStatus(backend),
    'recovery.openReadOnly': () => openReadOnly(backend),
    'recovery.restoreLatest': (input) => restoreLatest(backend, input),
    'recovery.exportReadable': (input) => backend.changed(['audit'], () => exportReadable(backend, input)),
    'diagnostics.export': (input) => exportDiagnostics(backend, input),
  };
}
