import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GroupType } from '../../../../shared/domain/types';

export const groupTypeColors: Record<GroupType, string> = {
  service: 'blue',
  activity: 'orange',
  content: 'grape',
};

/** 服务型 / 活动型 / 内容型, each in its own colour everywhere in the app. */
export function GroupTypeBadge({ type, ...props }: { type: GroupType } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={groupTypeColors[type]} radius="sm" {...props}>
      {t(`groups.types.${type}`)}
    </Badge>
  );
}
