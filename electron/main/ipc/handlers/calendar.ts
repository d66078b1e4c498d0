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
  checkInList,
  getActivity,
  listActivityViews,
  recordCheckIns,
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
import type { Handlers } from '../dispatcher';

type CalendarChannel = keyof typeof calendarChannels;

/** Every calendar change is audited, so the activity log refetches too. */
const calendarChange: DataEntity[] = ['calendar', 'activities', 'audit'];

/**
 * Calendar, cadence, drafts, activities and check-ins. `checker` is the sensitive-word check run on approval;
 * connect the engine here (the default finds nothing).
 */
export function calendarHandlers(
  backend: Backend,
  checker: DraftChecker = noDraftCheck,
): Pick<Handlers, CalendarChannel> {
  const { context } = backend;
  const change = <T>(run: () => T): T => backend.changed(calendarChange, run);
  const deleted = (run: () => void) =>
    change(() => {
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
    'activities.save': (input) => change(() => saveActivity(context, input)),
    'activities.delete': ({ id }) => deleted(() => removeActivity(context, id)),
    'activities.templates': () => Object.values(activityTemplates),

    'checkins.record': (input) => change(() => recordCheckIns(context, input)),
    'checkins.list': ({ activityId }) => checkInList(context, activityId),
    'checkins.remove': ({ id }) => deleted(() => removeCheckIn(context, id)),
    'checkins.streaks': ({ activityId, asOf }) => streakReport(context, activityId, asOf),
  };
}
