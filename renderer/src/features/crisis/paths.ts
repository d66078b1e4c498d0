/**
 * Routes of the crisis area (危机应对): `/crisis/<tab>[/<id>[/edit]]`. One place builds them so links and the page's
 * own routing agree.
 */
export const crisisTabs = ['playbooks', 'incidents', 'drills', 'prevention'] as const;
export type CrisisTab = (typeof crisisTabs)[number];

export const crisisPaths = {
  tab: (tab: CrisisTab) => `/crisis/${tab}`,
  playbook: (id: number) => `/crisis/playbooks/${id}`,
  editPlaybook: (id: number) => `/crisis/playbooks/${id}/edit`,
  newPlaybook: '/crisis/playbooks/new',
  incident: (id: number) => `/crisis/incidents/${id}`,
  drill: (id: number) => `/crisis/drills/${id}`,
};

export interface CrisisRoute {
  tab: CrisisTab;
  /** A record id, `new`, or undefined for the tab's list. */
  item: string | undefined;
  action: string | undefined;
}

/** `['crisis', 'incidents', '4']` → the incidents tab showing incident 4; unknown tabs fall back to the library. */
export function parseCrisisRoute(segments: readonly string[]): CrisisRoute {
  const tab = (crisisTabs as readonly string[]).includes(segments[1] ?? '')
    ? (segments[1] as CrisisTab)
    : 'playbooks';
  return { tab, item: segments[2], action: segments[3] };
}

/** A positive integer id from a route segment, or null. */
export function routeId(item: string | undefined): number | null {
  return item !== undefined && /^[1-9]\d{0,9}$/.test(item) ? Number(item) : null;
}
