/** How roles and permissions read in the UI: built-in roles from the dictionary, custom roles by their name. */
import type { TFunction } from 'i18next';
import type { RoleKey, RoleSummary } from '../../../../shared/domain/operators';

export function roleLabel(role: RoleKey, roles: readonly RoleSummary[], t: TFunction): string {
  const found = roles.find((candidate) => candidate.key === role);
  return found?.name ?? t(`operators.roles.${role}`, { defaultValue: role });
}

export const roleColors: Record<string, string> = { owner: 'grape', admin: 'blue', observer: 'gray' };

export function roleColor(role: RoleKey): string {
  return roleColors[role] ?? 'teal';
}
