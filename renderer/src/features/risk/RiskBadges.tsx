/** The category and severity badges every view of the risk panel shows, in the same colours. */
import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SensitiveCategory, Severity } from '../../../../shared/domain/sensitive/types';
import { categoryColors, severityColors } from './riskFormat';

export function CategoryBadge({
  category,
  size = 'sm',
}: {
  category: SensitiveCategory;
  size?: BadgeProps['size'];
}) {
  const { t } = useTranslation();
  return (
    <Badge size={size} variant="light" color={categoryColors[category]} style={{ flexShrink: 0 }}>
      {t(`sensitive.category.${category}`)}
    </Badge>
  );
}

export function SeverityBadge({ severity, size = 'sm' }: { severity: Severity; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  return (
    <Badge size={size} variant="dot" color={severityColors[severity]} style={{ flexShrink: 0 }}>
      {t(`sensitive.severity.${severity}`)}
    </Badge>
  );
}
