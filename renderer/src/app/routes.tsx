import type { ReactNode } from 'react';
import { AuditPage } from '../features/audit/AuditPage';
import { GroupsPage } from '../features/groups/GroupsPage';
import { HomePage } from '../features/home/HomePage';
import { MembersPage } from '../features/members/MembersPage';
import { MessagesPage } from '../features/messages/MessagesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import type { AreaId } from './areas';

/** The screen of each area. IMPORT AREA: add `import: () => <ImportPage />` with the area in areas.ts. */
export const screens: Record<AreaId, () => ReactNode> = {
  home: () => <HomePage />,
  groups: () => <GroupsPage />,
  members: () => <MembersPage />,
  messages: () => <MessagesPage />,
  audit: () => <AuditPage />,
  settings: () => <SettingsPage />,
};

/** Screens that fill the window height and scroll inside (virtualised lists). */
export const fullHeightAreas: ReadonlySet<AreaId> = new Set(['members', 'messages']);
