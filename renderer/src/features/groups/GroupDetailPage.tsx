/**
 * One group: 概况 (fields, owner and admins, standby group), 群规 (versions), 入群审核 (QR codes, questionnaire,
 * applications, statistics) and 成员分层 (tiers against their target ranges). The tab lives in the route.
 */
import { Anchor, Button, Group } from '@mantine/core';
import {
  IconArrowLeft,
  IconChartBar,
  IconClipboardCheck,
  IconInfoCircle,
  IconPencil,
  IconScale,
} from '@tabler/icons-react';
import { useState } from 'react';
import { navigate } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { RouteTabs } from '../../ui/RouteTabs';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { AdmissionTab } from './AdmissionTab';
import { GroupFormModal } from './GroupFormModal';
import { GroupTypeBadge } from './GroupTypeBadge';
import { OverviewTab } from './OverviewTab';
import { groupPaths, groupTabs, type AdmissionSection, type GroupTab } from './paths';
import { QrExpiryAlert } from './QrReminders';
import { RulesTab } from './RulesTab';
import { TiersTab } from './TiersTab';
import { Permitted } from '../lock/Permitted';

const tabIcons = {
  overview: IconInfoCircle,
  rules: IconScale,
  admission: IconClipboardCheck,
  tiers: IconChartBar,
} as const;

export function GroupDetailPage(props: { id: number; tab: GroupTab; section: AdmissionSection }) {
  const { t } = useFormat();
  const { data: group } = useChannel('groupinfo.get', { groupId: props.id }, [
    'groups',
    'members',
    'messages',
  ]);
  const [editing, setEditing] = useState(false);
  if (!group || group.id !== props.id) return null;

  return (
    <>
      <Anchor size="sm" onClick={() => navigate(groupPaths.list)} data-testid="back-to-groups">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {t('groupsUi.backToList')}
        </Group>
      </Anchor>
      <PageHeader
        mb="md"
        title={group.name}
        subtitle={group.positioning || t('groups.noPositioning')}
        actions={
          <>
            <GroupTypeBadge type={group.type} size="lg" />
            <Permitted>
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
                data-testid="edit-group-detail"
              >
                {t('common.edit')}
              </Button>
            </Permitted>
          </>
        }
      />
      <QrExpiryAlert groupId={group.id} />
      <RouteTabs
        tabs={groupTabs}
        active={props.tab}
        icons={tabIcons}
        label={(tab) => t(`groupsUi.tabs.${tab}`)}
        pathOf={(tab) => groupPaths.group(group.id, tab)}
        testIdPrefix="group-tab"
      />
      {props.tab === 'overview' && <OverviewTab group={group} />}
      {props.tab === 'rules' && <RulesTab group={group} />}
      {props.tab === 'admission' && <AdmissionTab group={group} section={props.section} />}
      {props.tab === 'tiers' && <TiersTab group={group} />}
      <GroupFormModal opened={editing} group={group} onClose={() => setEditing(false)} />
    </>
  );
}
