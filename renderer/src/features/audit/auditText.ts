/** How an audit entry reads: labels from the dictionary when there are some, else the raw values. */
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../../shared/domain/types';

export const auditActionColors: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  'load-demo': 'grape',
  export: 'orange',
  'export-revealed': 'orange',
  'sign-in': 'teal',
  'sign-in-failed': 'red',
  'permission-denied': 'red',
  lock: 'gray',
  'auto-lock': 'gray',
};

/** A label from the dictionary when there is one, else the raw value (actions added later still show up). */
function labelOr(t: TFunction, key: string, raw: string): string {
  const text = t(key, { defaultValue: '' });
  return text || raw;
}

/** Detail fields whose values are codes with labels in the dictionary (each item, for lists). */
const valueDictionaries: Record<string, string> = {
  type: 'groups.types',
  role: 'operators.roles',
  permissions: 'operators.permissions',
};

function showValue(key: string, field: unknown, t: TFunction): string {
  const dictionary = valueDictionaries[key];
  if (dictionary && typeof field === 'string') return labelOr(t, `${dictionary}.${field}`, field);
  if (dictionary && Array.isArray(field) && field.every((item) => typeof item === 'string'))
    return field.map((item: string) => labelOr(t, `${dictionary}.${item}`, item)).join('、');
  return typeof field === 'object' ? JSON.stringify(field) : String(field);
}

/** One line from the JSON detail: known fields by their label, coded values translated. */
function summarise(detail: string | null, t: TFunction): string {
  if (!detail) return '';
  try {
    const value: unknown = JSON.parse(detail);
    if (typeof value !== 'object' || value === null) return String(value);
    return Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== '' && field !== null && field !== undefined)
      .map(([key, field]) => {
        const label = labelOr(t, `audit.fields.${key}`, labelOr(t, `groups.fields.${key}`, key));
        return `${label}: ${showValue(key, field, t)}`;
      })
      .join(' · ');
  } catch {
    return detail;
  }
}

/** An action, entity or operator code as the viewer labels it (the filter menus use the same words). */
export function auditLabel(t: TFunction, kind: 'actions' | 'entities' | 'operators', raw: string): string {
  return labelOr(t, `audit.${kind}.${raw}`, raw);
}

export function describeAuditEntry(entry: AuditEntry, t: TFunction) {
  return {
    action: auditLabel(t, 'actions', entry.action),
    actionColor: auditActionColors[entry.action] ?? 'gray',
    entity: auditLabel(t, 'entities', entry.entity),
    operator: auditLabel(t, 'operators', entry.operator),
    summary: summarise(entry.detail, t),
  };
}
