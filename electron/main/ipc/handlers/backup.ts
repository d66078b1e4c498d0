import type { ChannelName } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import type { Handlers } from '../dispatcher';

type BackupChannel = Extract<ChannelName, `backup.${string}`>;

export function backupHandlers(backend: Backend): Pick<Handlers, BackupChannel> {
  const service = backend.backup;
  // Vault and settings changes refresh other open views (and windows); some of these calls are async.
  const changed = async <T>(run: () => T | Promise<T>): Promise<T> => {
    const result = await run();
    backend.events.emit('data.changed', { entities: ['backups'] });
    return result;
  };
  return {
    'backup.vaults': () => service.vaults(),
    'backup.createVault': (input) => changed(() => service.createVault(input)),
    'backup.removeVault': ({ id }) => changed(() => service.removeVault(id)),
    'backup.unlock': (input) => changed(() => service.unlock(input)),
    'backup.lock': ({ vaultId }) => changed(() => service.lock(vaultId)),
    'backup.changePassphrase': (input) => changed(() => service.changePassphrase(input)),
    'backup.snapshots': ({ vaultId }) => service.snapshots(vaultId),
    'backup.start': ({ vaultId }) => service.start(vaultId),
    'backup.verify': (input) => service.verify(input),
    'backup.restore': (input) => service.restore(input),
    'backup.prune': (input) => changed(() => service.prune(input)),
    'backup.status': () => service.status(),
    'backup.settings': () => service.settings(),
    'backup.updateSettings': (patch) => changed(() => service.updateSettings(patch)),
  };
}
