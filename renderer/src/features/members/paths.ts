/**
 * Routes of the members area: `/members` (the list) and `/members/<id>[/<tab>]` (a profile). One place builds them
 * so links and the page's own routing agree.
 */
export const profileTabs = ['profile', 'points', 'violations', 'identities'] as const;
export type ProfileTab = (typeof profileTabs)[number];

export const memberPaths = {
  list: '/members',
  profile: (id: number) => `/members/${id}`,
  tab: (id: number, tab: ProfileTab) => (tab === 'profile' ? `/members/${id}` : `/members/${id}/${tab}`),
};

export interface MemberRoute {
  /** The profile shown, or null for the list. */
  id: number | null;
  tab: ProfileTab;
}

/** `['members', '12', 'points']` → member 12's points tab; anything unknown falls back to the list or first tab. */
export function parseMemberRoute(segments: readonly string[]): MemberRoute {
  const item = segments[1];
  const id = item !== undefined && /^[1-9]\d{0,9}$/.test(item) ? Number(item) : null;
  const tab = (profileTabs as readonly string[]).includes(segments[2] ?? '')
    ? (segments[2] as ProfileTab)
    : 'profile';
  return { id, tab };
}
