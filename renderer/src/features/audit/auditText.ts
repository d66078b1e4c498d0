/** How an audit entry reads: labels from the dictionary when there are some, else the raw values. */
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../../shared/domain/types';

export const auditActionColors: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  'load-demo': 'grape',
};

/** A label from the dictionary when there is one, else the raw value (actions added later still show up). */
function labelOr(t: TFunction, key: string, raw: string): string {
  const text = t(key, { defaultValue: '' });
  return text || raw;
}

/** One line from the JSON detail: known fields by their label, group types translated. */
function summarise(detail: string | null, t: TFunction): string {
  if (!detail) return '';
  try {
    const value: unknown = JSON.parse(detail);
    if (typeof value !== 'object' || value === null) return String(value);
    return Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== '' && field !== null && field !== undefined)
      .map(([key, field]) => {
        const label = labelOr(t, `audit.fields.${key}`, labelOr(t, `groups.fields.${key}`, key));
        const shown =
          key === 'type' && typeof field === 'string'
            ? labelOr(t, `groups.types.${field}`, field)
            : typeof field === 'object'
              ? JSON.stringify(field)
              : String(field);
        return `${label}: ${shown}`;
      })
      .join(' · ');
  } catch {
    return detail;
  }
}

export function describeAuditEntry(entry: AuditEntry, t: TFunction) {
  return {
    action: labelOr(t, `audit.actions.${entry.action}`, entry.action),
    actionColor: auditActionColors[entry.action] ?? 'gray',
    entity: labelOr(t, `audit.entities.${entry.entity}`, entry.entity),
    operator: labelOr(t, `audit.operators.${entry.operator}`, entry.operator),
    summary: summarise(entry.detail, t),
  };
}
