/**
 * The tab bar of a page whose tab lives in the route (风险监控, 危机应对, a group's page): an icon per tab, an
 * optional count badge, and a click on the open tab goes back to that tab's root (closing a record shown in it).
 */
import { Badge, Tabs } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { navigate } from '../app/router';

export interface TabCount {
  value: number;
  color: string;
  testId?: string;
}

export function RouteTabs<Tab extends string>(props: {
  tabs: readonly Tab[];
  active: Tab;
  icons: Record<Tab, Icon>;
  label: (tab: Tab) => string;
  pathOf: (tab: Tab) => string;
  testIdPrefix: string;
  counts?: Partial<Record<Tab, TabCount>>;
}) {
  return (
    <Tabs
      value={props.active}
      onChange={(value) => value && navigate(props.pathOf(value as Tab))}
      keepMounted={false}
      mb="md"
    >
      <Tabs.List>
        {props.tabs.map((tab) => {
          const TabIcon: Icon = props.icons[tab];
          const count = props.counts?.[tab];
          return (
            <Tabs.Tab
              key={tab}
              value={tab}
              leftSection={<TabIcon size={16} />}
              rightSection={
                count && count.value > 0 ? (
                  <Badge size="xs" circle color={count.color} variant="filled" data-testid={count.testId}>
                    {count.value}
                  </Badge>
                ) : null
              }
              onClick={() => navigate(props.pathOf(tab))}
              data-testid={`${props.testIdPrefix}-${tab}`}
            >
              {props.label(tab)}
            </Tabs.Tab>
          );
        })}
      </Tabs.List>
    </Tabs>
  );
}
