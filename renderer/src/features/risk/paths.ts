/**
 * Routes of the risk area (风险监控): `/risk/<tab>[/<list id>|new]`. One place builds them so links and the page's
 * own routing agree.
 */
export const riskTabs = ['queue', 'trend', 'check', 'lists'] as const;
export type RiskTab = (typeof riskTabs)[number];

export const riskPaths = {
  tab: (tab: RiskTab) => `/risk/${tab}`,
  list: (id: number) => `/risk/lists/${id}`,
  newList: '/risk/lists/new',
};

export interface RiskRoute {
  tab: RiskTab;
  /** A list id, `new`, or undefined for the tab itself. */
  item: string | undefined;
}

/** `['risk', 'lists', '4']` → list 4 in the editor; unknown tabs fall back to the queue. */
export function parseRiskRoute(segments: readonly string[]): RiskRoute {
  const tab = (riskTabs as readonly string[]).includes(segments[1] ?? '')
    ? (segments[1] as RiskTab)
    : 'queue';
  return { tab, item: segments[2] };
}
