/** How content types and draft statuses look everywhere on the calendar screen. */
import { Badge, type BadgeProps } from '@mantine/core';
import { IconBulb, IconCircleCheck, IconEye, IconPencil, IconSend, type Icon } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { contentTypeColors, type ContentType } from '../../../../shared/domain/calendar/contentTypes';
import type { DraftStatus } from '../../../../shared/domain/calendar/workflow';

export const statusColors: Record<DraftStatus, string> = {
  idea: 'gray',
  draft: 'blue',
  review: 'orange',
  approved: 'teal',
  sent: 'green',
};

export const statusIcons: Record<DraftStatus, Icon> = {
  idea: IconBulb,
  draft: IconPencil,
  review: IconEye,
  approved: IconCircleCheck,
  sent: IconSend,
};

export function contentTypeLabel(t: TFunction, type: ContentType): string {
  return t(`calendar.contentTypes.${type}`);
}

/** Mantine's `dark` swatch disappears on a dark background; 'other' reads as gray there instead. */
export function typeColor(type: ContentType): string {
  const color = contentTypeColors[type];
  return color === 'dark' ? 'gray' : color;
}

/** Light tint, readable text and a solid edge of a Mantine colour, in both colour schemes. */
export function tintStyle(color: string): { background: string; color: string; borderColor: string } {
  return {
    background: `var(--mantine-color-${color}-light)`,
    color: `var(--mantine-color-${color}-light-color)`,
    borderColor: `var(--mantine-color-${color}-filled)`,
  };
}

export function StatusBadge({ status, ...props }: { status: DraftStatus } & BadgeProps) {
  const { t } = useTranslation();
  const StatusIcon = statusIcons[status];
  return (
    <Badge
      variant="light"
      radius="sm"
      color={statusColors[status]}
      leftSection={<StatusIcon size={12} />}
      data-testid="status-badge"
      data-status={status}
      {...props}
    >
      {t(`calendar.statuses.${status}`)}
    </Badge>
  );
}

export function ContentTypeBadge({ type, ...props }: { type: ContentType } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" radius="sm" color={typeColor(type)} {...props}>
      {contentTypeLabel(t, type)}
    </Badge>
  );
}

/** Operators recorded as 'local' (this computer) read as "本机用户". */
export function operatorLabel(t: TFunction, operator: string | null): string {
  if (!operator) return '';
  return t(`audit.operators.${operator}`, { defaultValue: operator });
}
