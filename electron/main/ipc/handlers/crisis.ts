import type { Locale } from '../../../../shared/domain/types';
import type { ChannelName, DataEntity } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import {
  drillOverview,
  finishDrill,
  getDrill,
  listDrills,
  pauseDrill,
  recordDrillStep,
  resumeDrill,
  sendDrillMessage,
  startDrill,
} from '../../services/crisisDrills';
import {
  addIncidentEvent,
  closeIncident,
  exportIncident,
  getIncident,
  listIncidents,
  openIncident,
  openIncidentFromHit,
  renderIncidentTemplate,
} from '../../services/crisisIncidents';
import {
  dismissSuggestion,
  listIncidentSuggestions,
  openIncidentFromSuggestion,
} from '../../services/crisisSignals';
import {
  duplicatePlaybook,
  evaluatePlaybookTriggers,
  exportPlaybook,
  getPlaybook,
  importPlaybook,
  listPlaybooks,
  previewTemplate,
  savePlaybook,
} from '../../services/crisisPlaybooks';
import { preventionStatus, recordPreventionCheck } from '../../services/crisisPrevention';
import type { Handlers } from '../dispatcher';

type CrisisChannel = Extract<
  ChannelName,
  `playbooks.${string}` | `incidents.${string}` | `drills.${string}` | `prevention.${string}`
>;

/** Every crisis change is audited, so the activity log refetches too. */
const changedEntities: DataEntity[] = ['crisis', 'audit'];

export function crisisHandlers(backend: Backend): Pick<Handlers, CrisisChannel> {
  const { context } = backend;
  const locale = (): Locale => backend.settings.get().locale;
  const change = <T>(run: () => T): T => backend.changed(changedEntities, run);
  return {
    'playbooks.list': () => listPlaybooks(context),
    'playbooks.get': ({ id, version }) => getPlaybook(context, id, version),
    'playbooks.save': (input) => change(() => savePlaybook(context, input, locale())),
    'playbooks.duplicate': (input) => change(() => duplicatePlaybook(context, input, locale())),
    'playbooks.import': (input) => change(() => importPlaybook(context, input, locale())),
    'playbooks.export': (input) => exportPlaybook(context, input),
    'playbooks.renderTemplate': (input) => previewTemplate(context, input, locale()),
    'playbooks.evaluateTriggers': ({ hits, now }) => evaluatePlaybookTriggers(context, hits, now),

    'incidents.list': (filter) => listIncidents(context, filter),
    'incidents.get': ({ id }) => getIncident(context, id, locale()),
    'incidents.open': (input) => change(() => openIncident(context, input, locale())),
    'incidents.addEvent': ({ id, event }) => change(() => addIncidentEvent(context, id, event, locale())),
    'incidents.close': ({ id, review }) => change(() => closeIncident(context, id, review, locale())),
    'incidents.export': ({ id }) => backend.changed(['audit'], () => exportIncident(context, id, locale())),
    'incidents.renderTemplate': (input) => renderIncidentTemplate(context, input, locale()),
    'incidents.openFromHit': (input) => change(() => openIncidentFromHit(context, input, locale())),
    'incidents.suggestions': (input) => listIncidentSuggestions(context, input),
    'incidents.openFromSuggestion': (input) =>
      change(() => openIncidentFromSuggestion(context, input, locale())),
    'incidents.dismissSuggestion': ({ key }) => change(() => dismissSuggestion(context, key)),

    'drills.start': (input) => change(() => startDrill(context, input, locale())),
    'drills.get': ({ id }) => getDrill(context, id, locale()),
    'drills.recordStep': (input) => change(() => recordDrillStep(context, input, locale())),
    'drills.sendMessage': (input) => change(() => sendDrillMessage(context, input, locale())),
    'drills.pause': (input) => change(() => pauseDrill(context, input, locale())),
    'drills.resume': ({ id }) => change(() => resumeDrill(context, id, locale())),
    'drills.finish': ({ id }) => change(() => finishDrill(context, id, locale())),
    'drills.list': (filter) => listDrills(context, filter),
    'drills.overview': ({ intervalDays }) => drillOverview(context, intervalDays),

    'prevention.check': (input) => change(() => recordPreventionCheck(context, input)),
    'prevention.status': ({ groupId }) => preventionStatus(context, groupId),
  };
}
