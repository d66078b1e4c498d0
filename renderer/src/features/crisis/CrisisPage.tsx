/**
 * 危机应对: playbooks (预案库), incidents (事件), offline drills (演练) and prevention audits (预防检查), one tab each.
 * The tab and the record shown live in the route (`/crisis/incidents/4`), so the back button and links work.
 */
import { IconBook2, IconFlame, IconSchool, IconShieldCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pathSegments, usePath } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { RouteTabs, type TabCount } from '../../ui/RouteTabs';
import { useChannel } from '../../ui/useChannel';
import { DrillPage } from './DrillPage';
import { DrillsTab } from './DrillsTab';
import { IncidentPage } from './IncidentPage';
import { IncidentsTab } from './IncidentsTab';
import {
  crisisPaths,
  crisisTabs,
  parseCrisisRoute,
  routeId,
  type CrisisRoute,
  type CrisisTab,
} from './paths';
import { PlaybookDetail } from './PlaybookDetail';
import { PlaybookEditor } from './PlaybookEditor';
import { PlaybookLibrary } from './PlaybookLibrary';
import { PreventionTab } from './PreventionTab';
import { SuggestionsBanner } from './SuggestionsBanner';
import { usePlaybooks, type PlaybookCatalog } from './usePlaybooks';

const tabIcons = {
  playbooks: IconBook2,
  incidents: IconFlame,
  drills: IconSchool,
  prevention: IconShieldCheck,
} as const;

function TabContent({ route, catalog }: { route: CrisisRoute; catalog: PlaybookCatalog }): ReactNode {
  const id = routeId(route.item);
  switch (route.tab) {
    case 'playbooks':
      if (route.item === 'new') return <PlaybookEditor key="new" id={null} />;
      if (id !== null && route.action === 'edit') return <PlaybookEditor key={id} id={id} />;
      if (id !== null) return <PlaybookDetail key={id} id={id} catalog={catalog} />;
      return <PlaybookLibrary catalog={catalog} />;
    case 'incidents':
      return id !== null ? <IncidentPage key={id} id={id} /> : <IncidentsTab catalog={catalog} />;
    case 'drills':
      return id !== null ? <DrillPage key={id} id={id} /> : <DrillsTab catalog={catalog} />;
    case 'prevention':
      return <PreventionTab />;
  }
}

export function CrisisPage() {
  const { t } = useTranslation();
  const route = parseCrisisRoute(pathSegments(usePath()));
  const catalog = usePlaybooks();
  const { data: openIncidents } = useChannel('incidents.list', { status: 'open', limit: 1 }, ['crisis']);
  const { data: overview } = useChannel('drills.overview', { intervalDays: 30 }, ['crisis']);
  const counts: Partial<Record<CrisisTab, TabCount>> = {
    incidents: { value: openIncidents?.total ?? 0, color: 'red' },
    drills: { value: overview?.participants.filter((row) => row.overdue).length ?? 0, color: 'orange' },
  };

  return (
    <>
      <PageHeader title={t('crisisUi.title')} subtitle={t('crisisUi.subtitle')} mb="md" />
      <SuggestionsBanner />
      <RouteTabs
        tabs={crisisTabs}
        active={route.tab}
        icons={tabIcons}
        label={(tab) => t(`crisisUi.tabs.${tab}`)}
        pathOf={crisisPaths.tab}
        testIdPrefix="crisis-tab"
        counts={counts}
      />
      <TabContent route={route} catalog={catalog} />
    </>
  );
}
