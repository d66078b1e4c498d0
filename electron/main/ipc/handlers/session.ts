import type { ChannelName } from '../../../../shared/ipc/contract';
import { auditFacets } from '../../db/repositories/audit';
import { exportAuditCsv, recordScreenExport } from '../../services/audit';
import {
  createOperator,
  deleteOperator,
  deleteRole,
  operatorsView,
  resetOperatorPassphrase,
  saveRole,
  updateLockSettings,
  updateOperator,
} from '../../services/operators';
import type { Backend } from '../../backend';
import type { Handlers } from '../dispatcher';

type SessionChannel = Extract<
  ChannelName,
  `session.${string}` | `operators.${string}` | 'audit.facets' | 'audit.export' | 'audit.recordExport'
>;

export function sessionHandlers(backend: Backend): Pick<Handlers, SessionChannel> {
  const { context, session, events } = backend;
  const scrypt = backend.operatorScrypt;
  const operatorsChanged = () => events.emit('data.changed', { entities: ['session', 'audit'] });

  return {
    'session.status': () => session.status(),
    'session.unlock': ({ operatorId, passphrase }) => session.unlock(operatorId, passphrase),
    'session.lock': () => session.lock(),
    'session.activity': () => session.activity(),

    'operators.list': () => operatorsView(context),
    'operators.create': async (input) => {
      const wasOpen = session.mode() === 'open';
      const created = await createOperator(context, input, scrypt);
      // Whoever created the first operator is that owner: they stay signed in rather than being locked out at once.
      if (wasOpen) session.signIn(created.id);
      operatorsChanged();
      return created;
    },
    'operators.update': ({ id, patch }) =>
      backend.changed(['session', 'audit'], () => updateOperator(context, id, patch)),
    'operators.resetPassphrase': async ({ id, passphrase }) => {
      const updated = await resetOperatorPassphrase(context, id, passphrase, scrypt);
      operatorsChanged();
      return updated;
    },
    'operators.delete': ({ id }) =>
      backend.changed(['session', 'audit'], () => {
        deleteOperator(context, id, session.signedInOperatorId());
        return { deleted: true as const };
      }),
    'operators.saveRole': (input) => backend.changed(['session', 'audit'], () => saveRole(context, input)),
    'operators.deleteRole': ({ id }) =>
      backend.changed(['session', 'audit'], () => {
        deleteRole(context, id);
        return { deleted: true as const };
      }),
    'operators.updateSettings': (patch) => {
      const next = backend.changed(['session', 'audit'], () => updateLockSettings(context, patch));
      session.settingsChanged();
      return next;
    },

    'audit.facets': () => auditFacets(context.db),
    'audit.export': (filter) =>
      backend.changed(['audit'], () => exportAuditCsv(context, filter, backend.settings.get().locale)),
    'audit.recordExport': (input) => backend.changed(['audit'], () => recordScreenExport(context, input)),
  };
}
