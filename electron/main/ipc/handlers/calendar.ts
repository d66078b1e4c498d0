import { activityTemplates } from '../../../../shared/domain/calendar/activities';
import { noDraftCheck, type DraftChecker } from '../../../../shared/domain/calendar/workflow';
import type { calendarChannels } from '../../../../shared/ipc/channels/calendar';
import type { DataEntity } from '../../../../shared/ipc/contract';
import type { Backend } from '../../backend';
import {
  deleteEntry,
  itemDetail,
  listEntries,
  markSent,
  moveEntry,
  restoreOccurrence,
  saveItem,
  skipOccurrence,
  transitionDraft,
} from '../../services/calendar';
import {
  activityReport,
  checkInList,
  checkInsFromMessages,
  getActivity,
  issuePoints,
  linkParticipant,
  listActivityViews,
  pointsSummary,
  recordCheckIns,
  recordResults,
  removeActivity,
  removeCheckIn,
  saveActivity,
  streakReport,
} from '../../services/calendarActivities';
import {
  applyCadenceTemplate,
  cadenceTemplates,
  capReport,
  gapsFor,
  getCadence,
  readCapSettings,
  updateCadence,
  updateCapSettings,
} from '../../services/calendarPlanning';
import { exportIcs, exportPlanMarkdown } from '../../services/calendarExport';
import {
  listMaterialTags,
  listMaterialViews,
  removeMaterial,
  saveMaterial,
} from '../../services/calendarMaterials';
import { specialDatesIn } from '../../services/calendarSpecialDates';
import type { Handlers } from '../dispatcher';

type CalendarChannel = keyof typeof calendarChannels;

/** Every calendar change is audited, so the activity log refetches too. */
const calendarChange: DataEntity[] = ['calendar', 'activities', 'audit'];
/** Changes that may write points to members' ledgers (once an activity's points are issued). */
const pointsChange: DataEntity[] = [...calendarChange, 'members'];

/**
 * Calendar, cadence, drafts, activities and check-ins. `checker` is the sensitive-word check run on approval;
 * connect the engine here (the default finds nothing).
 */
export function calendarHandlers(
  backend: Backend,
  checker: DraftChecker = noDraftCheck,
): Pick<Handlers, CalendarChannel> {
  const { context } = backend;
  const locale = () => backend.settings.get().locale;
  const change = <T>(run: () => T): T => backend.changed(calendarChange, run);
  const pointsChanged = <T>(run: () => T): T => backend.changed(pointsChange, run);
  const deleted = (run: () => void, entities: DataEntity[] = calendarChange) =>
    backend.changed(entities, () => {
      run();
      return { deleted: true as const };
    });
  return {
    'calendar.items': ({ from, to, groupId }) => listEntries(context, { from, to }, groupId),
    'calendar.get': ({ id }) => itemDetail(context, id),
    'calendar.save': (input) => change(() => saveItem(context, input)),
    'calendar.move': ({ startsAt, ...ref }) => change(() => moveEntry(context, ref, startsAt)),
    'calendar.delete': (ref) => deleted(() => deleteEntry(context, ref)),
    'calendar.skipOccurrence': ({ id, occurrenceDate }) =>
      change(() => skipOccurrence(context, id, occurrenceDate)),
    'calendar.restoreOccurrence': ({ id, occurrenceDate }) =>
      change(() => restoreOccurrence(context, id, occurrenceDate)),
    'calendar.gaps': ({ from, to, groupId }) => gapsFor(context, { from, to }, groupId),
    'calendar.capWarnings': (range) => capReport(context, range),
    'calendar.caps': () => readCapSettings(context.db),
    'calendar.updateCaps': (patch) => change(() => updateCapSettings(context, patch)),
    'calendar.specialDates': (range) => specialDatesIn(range),
    'calendar.export': ({ format, ...request }) =>
      (format === 'ics' ? exportIcs : exportPlanMarkdown)(context, { ...request, locale: locale() }),

    'materials.list': (filter) => listMaterialViews(context, filter),
    'materials.tags': () => listMaterialTags(context),
    'materials.save': (input) => change(() => saveMaterial(context, input)),
    'materials.delete': ({ id }) => deleted(() => removeMaterial(context, id)),

    'cadence.get': ({ groupId }) => getCadence(context, groupId),
    'cadence.update': (input) => change(() => updateCadence(context, input)),
    'cadence.applyTemplate': (input) => change(() => applyCadenceTemplate(context, input)),
    'cadence.templates': () => ({
      operations: [...cadenceTemplates.operations],
      activities: [...cadenceTemplates.activities],
    }),

    'drafts.transition': (input) => change(() => transitionDraft(context, checker, input)),
    'drafts.markSent': (input) => change(() => markSent(context, input)),

    'activities.list': (filter) => listActivityViews(context, filter),
    'activities.get': ({ id }) => getActivity(context, id),
    'activities.save': (input) => pointsChanged(() => saveActivity(context, input)),
    'activities.delete': ({ id }) => deleted(() => removeActivity(context, id), pointsChange),
    'activities.templates': () => Object.values(activityTemplates),
    'activities.recordResults': (input) => change(() => recordResults(context, input)),
    'activities.report': ({ id }) => activityReport(context, id),
    'activities.points': ({ id }) => pointsSummary(context, id),
    'activities.issuePoints': ({ id }) => pointsChanged(() => issuePoints(context, id)),

    'checkins.record': (input) => pointsChanged(() => recordCheckIns(context, input)),
    'checkins.list': ({ activityId }) => checkInList(context, activityId),
    'checkins.fromMessages': (input) =>
      input.dryRun
        ? checkInsFromMessages(context, input)
        : pointsChanged(() => checkInsFromMessages(context, input)),
    'checkins.link': (input) => pointsChanged(() => linkParticipant(context, input)),
    'checkins.remove': ({ id }) => deleted(() => removeCheckIn(context, id), pointsChange),
    'checkins.streaks': ({ activityId, asOf }) => streakReport(context, activityId, asOf),
  };
}
