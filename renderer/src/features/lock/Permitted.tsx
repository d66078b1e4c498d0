/**
 * One way for every screen to show what the signed-in role may not do: the action stays in place but disabled,
 * with a tooltip naming the missing permission (the backend refuses the call anyway).
 */
import { Tooltip } from '@mantine/core';
import { cloneElement, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../../shared/domain/operators';
import { useCan } from './session';

export function Permitted(props: {
  /** Everyday changes unless said otherwise. */
  permission?: Permission;
  /** A button or action icon: it gets `disabled` when the permission is missing. */
  children: ReactElement<{ disabled?: boolean; fullWidth?: boolean }>;
}) {
  const { t } = useTranslation();
  const permission = props.permission ?? 'edit';
  const allowed = useCan(permission);
  if (allowed) return props.children;
  return (
    <Tooltip
      label={t('lock.needsPermission', { permission: t(`operators.permissions.${permission}`) })}
      multiline
      maw={260}
    >
      {/* A disabled button gets no pointer events: the wrapper carries the tooltip. */}
      <span
        style={props.children.props.fullWidth ? { display: 'block' } : { display: 'inline-flex' }}
        data-testid="not-permitted"
      >
        {cloneElement(props.children, { disabled: true })}
      </span>
    </Tooltip>
  );
}
