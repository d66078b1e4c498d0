/**
 * 成员: the member list (filters, sort, columns, saved views, bulk actions) at `/members`, and a member's profile at
 * `/members/<id>`. The list's state lives here, above both, so opening a profile and coming back keeps it.
 */
import { useState } from 'react';
import { pathSegments, usePath } from '../../app/router';
import { useListFilters } from '../../ui/ListScreen';
import { defaultListSettings, type ListSettings } from './listState';
import { MemberList } from './MemberList';
import { parseMemberRoute } from './paths';
import { MemberProfilePage } from './profile/MemberProfilePage';

export { avatarColor } from './avatar';

export function MembersPage() {
  const route = parseMemberRoute(pathSegments(usePath()));
  const filters = useListFilters(250);
  const [settings, setSettings] = useState<ListSettings>(defaultListSettings);
  const [activeViewId, setActiveViewId] = useState<number | null>(null);
  if (route.id !== null) return <MemberProfilePage key={route.id} id={route.id} tab={route.tab} />;
  return (
    <MemberList
      filters={filters}
      settings={settings}
      onSettings={setSettings}
      activeViewId={activeViewId}
      onActiveView={setActiveViewId}
    />
  );
}
