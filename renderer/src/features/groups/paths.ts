/**
 * Routes of the groups area: `/groups`, `/groups/new`, `/groups/<id>[/<tab>[/<section>]]`. One place builds them so
 * links and the page's own routing agree.
 */
import { routeId } from '../crisis/paths';

export const groupTabs = ['overview', 'rules', 'admission', 'tiers'] as const;
export type GroupTab = (typeof groupTabs)[number];

export const admissionSections = ['applications', 'qrcodes', 'questionnaire', 'stats'] as const;
export type AdmissionSection = (typeof admissionSections)[number];

export const groupPaths = {
  list: '/groups',
  create: '/groups/new',
  group: (id: number, tab: GroupTab = 'overview') =>
    tab === 'overview' ? `/groups/${id}` : `/groups/${id}/${tab}`,
  admission: (id: number, section: AdmissionSection) => `/groups/${id}/admission/${section}`,
};

export type GroupsRoute =
  | { kind: 'list'; creating: boolean }
  | { kind: 'group'; id: number; tab: GroupTab; section: AdmissionSection };

function pick<T extends string>(values: readonly T[], value: string | undefined, fallback: T): T {
  return (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** `['groups', '4', 'admission', 'qrcodes']` → group 4, admission tab, QR codes; unknown parts fall back. */
export function parseGroupsRoute(segments: readonly string[]): GroupsRoute {
  const id = routeId(segments[1]);
  if (id === null) return { kind: 'list', creating: segments[1] === 'new' };
  return {
    kind: 'group',
    id,
    tab: pick(groupTabs, segments[2], 'overview'),
    section: pick(admissionSections, segments[3], 'applications'),
  };
}
