import type { ReactNode } from 'react';
import { AuditPage } from '../features/audit/AuditPage';
import { BackupPage } from '../features/backup/BackupPage';
import { CalendarPage } from '../features/calendar/CalendarPage';
import { CrisisPage } from '../features/crisis/CrisisPage';
import { GroupsPage } from '../features/groups/GroupsPage';
import { HealthPage } from '../features/health/HealthPage';
import { HomePage } from '../features/home/HomePage';
import { ImportPage } from '../features/import/ImportPage';
import { MembersPage } from '../features/members/MembersPage';
import { MessagesPage } from '../features/messages/MessagesPage';
import { RiskPage } from '../features/risk/RiskPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import type { AreaId } from './areas';

/** The screen of each area. */
export const screens: Record<AreaId, () => ReactNode> = {
  home: () => <HomePage />,
  groups: () => <GroupsPage />,
  members: () => <MembersPage />,
  messages: () => <MessagesPage />,
  import: () => <ImportPage />,
  risk: () => <RiskPage />,
  calendar: () => <CalendarPage />,
  health: () => <HealthPage />,
  crisis: () => <CrisisPage />,
  backup: () => <BackupPage />,
  audit: () => <AuditPage />,
  settings: () => <SettingsPage />,
};

/** Screens that fill the window height and scroll inside (virtualised lists). */
export const fullHeightAreas: ReadonlySet<AreaId> = new Set(['members', 'messages']);
