import type { ChannelName } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import { pickBackupPath } from '../../backup/service';
import { openOtherWorkspace } from '../../backup/workspaceSwitch';
import type { Handlers } from '../dispatcher';

type BackupChannel = Extract<ChannelName, `backup.${string}`>;

export function backupHandlers(backend: Backend): Pick<Handlers, BackupChannel> {
  const service = backend.backup;
  /**
   * Every mutating channel tells open views (and other windows) that backup data changed: vaults and settings, and
   * the status's running job when a job starts (its end is announced by the job runner). Some of these are async.
   */
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
    'backup.start': ({ vaultId }) => changed(() => service.start(vaultId)),
    'backup.verify': (input) => changed(() => service.verify(input)),
    'backup.restore': (input) => changed(() => service.restore(input)),
    'backup.prune': (input) => changed(() => service.prune(input)),
    'backup.exportArchive': (input) => changed(() => service.exportArchive(input)),
    'backup.importArchive': (input) => changed(() => service.importArchive(input)),
    // Reopening announces every kind of data as changed.
    'backup.openWorkspace': ({ path }) => openOtherWorkspace(backend, path),
    'backup.pickPath': ({ purpose }) =>
      pickBackupPath(backend.ports, purpose, backend.settings.get().locale, backend.context.now()),
    'backup.status': () => service.status(),
    'backup.settings': () => service.settings(),
    'backup.updateSettings': (patch) => changed(() => service.updateSettings(patch)),
  };
}
