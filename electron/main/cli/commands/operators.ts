/**
 * `operators` lists the operator profiles; `operators reset-passphrase --name <name>` sets a new passphrase read
 * from an environment variable. This is the way back in when the last owner's passphrase is forgotten: whoever can
 * run commands on the workspace folder can read it anyway, so the terminal is trusted as the machine's user.
 */
import type { OperatorSummary, OperatorsView } from '../../../../shared/domain/operators';
import { minOperatorPassphraseLength } from '../../../../shared/domain/operators';
import { AppError } from '../../../../shared/ipc/errors';
import { findOperatorByName } from '../../db/repositories/operators';
import { operatorsView, resetOperatorPassphrase } from '../../services/operators';
import type { CliCommand, CliContext } from '../context';

const defaultPassphraseEnv = 'QUNDESK_OPERATOR_PASSPHRASE';

async function resetPassphrase(context: CliContext): Promise<OperatorSummary> {
  const name = context.option('--name');
  if (name === undefined) throw new AppError('VALIDATION', 'cli.operators.errors.missingName');
  const envName = context.option('--passphrase-env') ?? defaultPassphraseEnv;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName))
    throw new AppError('VALIDATION', 'cli.operators.errors.badEnvName', { name: envName });
  const passphrase = process.env[envName] ?? '';
  if (passphrase === '')
    throw new AppError('VALIDATION', 'cli.operators.errors.envMissing', { name: envName });
  if ([...passphrase].length < minOperatorPassphraseLength)
    throw new AppError('VALIDATION', 'operatorsUi.form.tooShort', { min: minOperatorPassphraseLength });
  return context.withBackend(async (backend) => {
    const operator = findOperatorByName(backend.context.db, name);
    if (!operator) throw new AppError('NOT_FOUND', 'cli.operators.errors.unknownOperator', { name });
    const updated = await resetOperatorPassphrase(backend.context, operator.id, passphrase);
    context.out(context.t('cli.operators.passphraseReset', { name: updated.name }));
    return updated;
  });
}

export const operatorsCommand: CliCommand = {
  name: 'operators',
  summaryKey: 'cli.operators.summary',
  usage: 'operators | operators reset-passphrase --name <name> [--passphrase-env VAR]',
  async run(context) {
    if (context.args[0] === 'reset-passphrase') return resetPassphrase(context);
    if (context.args[0] !== undefined) throw new AppError('VALIDATION', 'cli.operators.errors.usage');
    return context.withBackend((backend): OperatorsView => {
      const view = operatorsView(backend.context);
      if (view.operators.length === 0) context.out(context.t('cli.operators.none'));
      for (const operator of view.operators) {
        const role = view.roles.find((candidate) => candidate.key === operator.role);
        context.out(
          [
            operator.id,
            operator.name,
            role?.name ?? context.t(`operators.roles.${operator.role}`),
            operator.lastSignInAt ?? context.t('operatorsUi.never'),
          ].join('\t'),
        );
      }
      return view;
    });
  },
};
