import type { Backend } from '../../backend';
import type { Handlers } from '../dispatcher';
import { backupHandlers } from './backup';
import { calendarHandlers } from './calendar';
import { coreHandlers } from './core';
import { crisisHandlers } from './crisis';
import { groupsAdmissionHandlers } from './groupsAdmission';
import { qrImageHandlers } from './admissionQrImages';
import { healthHandlers } from './health';
import { importsHandlers } from './imports';
import { membersHandlers } from './members';
import { messagesHandlers } from './messages';
import { recoveryHandlers } from './recovery';
import { riskHandlers } from './risk';
import { sessionHandlers } from './session';
import { riskDraftChecker } from '../../services/riskCheck';

/** Every channel's handler; a feature adds its file here (the `satisfies` makes a missing channel a type error). */
export function buildHandlers(backend: Backend): Handlers {
  return {
    ...coreHandlers(backend),
    ...messagesHandlers(backend),
    ...membersHandlers(backend),
    ...calendarHandlers(backend, riskDraftChecker(backend.context)),
    ...backupHandlers(backend),
    ...crisisHandlers(backend),
    ...importsHandlers(backend),
    ...healthHandlers(backend),
    ...riskHandlers(backend),
    ...recoveryHandlers(backend),
    ...groupsAdmissionHandlers(backend),
    ...qrImageHandlers(backend),
    ...sessionHandlers(backend),
  } satisfies Handlers;
}
