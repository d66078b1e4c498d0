import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Tier, TierReason } from '../../../../shared/domain/tiers';

export const tierColors: Record<Tier, string> = {
  core: 'grape',
  active: 'teal',
  potential: 'blue',
  silent: 'gray',
};

/**
 * 核心 / 活跃 / 潜在 / 沉默, with the reason ("近30天发言 0 次 → 沉默") on hover when known; 已退群 for a member
 * who left (the group shown, or every group: `left`), who has no tier there any more; 未分层 before the first recompute.
 */
export function TierBadge(props: {
  tier: Tier | null;
  reason?: TierReason | null;
  left?: 'group' | 'all' | null;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  if (props.left) {
    return (
      <Tooltip
        label={t(props.left === 'all' ? 'membersUi.tierLeftAllHint' : 'membersUi.tierLeftHint')}
        withArrow
        multiline
        maw={260}
      >
        <Badge
          variant="outline"
          color="orange"
          size={props.size ?? 'sm'}
          radius="sm"
          fw={500}
          data-testid="left-badge"
        >
          {t('membersUi.tierLeft')}
        </Badge>
      </Tooltip>
    );
  }
  if (props.tier === null) {
    return (
      <Badge variant="outline" color="gray" size={props.size ?? 'sm'} radius="sm" fw={500}>
        {t('membersUi.tierUnranked')}
      </Badge>
    );
  }
  const badge = (
    <Badge
      variant="light"
      color={tierColors[props.tier]}
      size={props.size ?? 'sm'}
      radius="sm"
      data-testid="tier-badge"
    >
      {t(`tiers.names.${props.tier}`)}
    </Badge>
  );
  return props.reason ? (
    <Tooltip label={t(props.reason.key, props.reason.params)} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
