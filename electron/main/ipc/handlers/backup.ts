import type { ChannelName } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import type { Handlers } from '../dispatcher';

type BackupChannel = Extract<ChannelName, `backup.${string}`>;

export function backupHandlers(backend: Backend): Pick<Handlers, BackupChannel> {
  const service = backend.backup;
  return {
    'backup.vaults': () => service.vaults(),
    'backup.createVault': (input) => service.createVault(input),
    'backup.removeVault': ({ id }) => service.removeVault(id),
    'backup.unlock': (input) => service.unlock(input),
    'backup.lock': ({ vaultId }) => service.lock(vaultId),
    'backup.changePassphrase': (input) => service.changePassphrase(input),
    'backup.snapshots': ({ vaultId }) => service.snapshots(vaultId),
    'backup.start': ({ vaultId }) => service.start(vaultId),
    'backup.verify': (input) => service.verify(input),
    'backup.restore': (input) => service.restore(input),
    'backup.prune': (input) => service.prune(input),
    'backup.status': () => service.status(),
    'backup.settings': () => service.settings(),
    'backup.updateSettings': (patch) => service.updateSettings(patch),
  };
}
