/**
 * The areas of the app, in sidebar order. Only areas that work are listed (no dead menu items); a later issue adds
 * its area here and its screen in routes.tsx. Ctrl/⌘ + the position number opens an area.
 */
import {
  IconCalendarEvent,
  IconDatabaseExport,
  IconFileImport,
  IconHeartbeat,
  IconHistory,
  IconHome,
  IconMessages,
  IconRadar,
  IconSettings,
  IconUsers,
  IconUrgent,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';

export type AreaId = 'home' | 'groups' | 'members' | 'messages' | 'import' | 'risk' | 'calendar' | 'health' | 'crisis' | 'backup' | 'audit' | 'settings';

export interface Area {
  id: AreaId;
  path: string;
  labelKey: string;
  icon: Icon;
}

export const areas: readonly Area[] = [
  { id: 'home', path: '/', labelKey: 'nav.home', icon: IconHome },
  { id: 'groups', path: '/groups', labelKey: 'nav.groups', icon: IconUsersGroup },
  { id: 'members', path: '/members', labelKey: 'nav.members', icon: IconUsers },
  { id: 'messages', path: '/messages', labelKey: 'nav.messages', icon: IconMessages },
  // The home screen's "开始导入" button finds this area through `findArea('import')`.
  { id: 'import', path: '/import', labelKey: 'nav.import', icon: IconFileImport },
  { id: 'risk', path: '/risk', labelKey: 'nav.risk', icon: IconRadar },
  { id: 'calendar', path: '/calendar', labelKey: 'nav.calendar', icon: IconCalendarEvent },
  { id: 'health', path: '/health', labelKey: 'nav.health', icon: IconHeartbeat },
  { id: 'crisis', path: '/crisis', labelKey: 'nav.crisis', icon: IconUrgent },
  { id: 'backup', path: '/backup', labelKey: 'nav.backup', icon: IconDatabaseExport },
  { id: 'audit', path: '/audit', labelKey: 'nav.audit', icon: IconHistory },
  { id: 'settings', path: '/settings', labelKey: 'nav.settings', icon: IconSettings },
];

export function findArea(id: string): Area | undefined {
  return areas.find((area) => area.id === id);
}

/** The area a path belongs to: `/groups/new` → groups; unknown paths → undefined. */
export function areaOfPath(path: string): Area | undefined {
  const first = path.split('/').filter(Boolean)[0];
  return first === undefined ? findArea('home') : areas.find((area) => area.path === `/${first}`);
}
