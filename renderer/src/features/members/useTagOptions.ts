import { useTranslation } from 'react-i18next';
import type { Tag } from '../../../../shared/domain/members';
import { useChannel } from '../../ui/useChannel';

/** The workspace's tags as Mantine select options, grouped by tag group (ungrouped last). */
export function useTagOptions(
  exclude: readonly number[] = [],
): { group: string; items: { value: string; label: string }[] }[] {
  const { t } = useTranslation();
  const { data } = useChannel('tags.list', {}, ['members']);
  if (!data) return [];
  const hidden = new Set(exclude);
  const item = (tag: Tag) => ({ value: String(tag.id), label: tag.name });
  const groups = data.groups.map((group) => ({
    group: group.name,
    items: data.tags.filter((tag) => tag.tagGroupId === group.id && !hidden.has(tag.id)).map(item),
  }));
  const loose = data.tags.filter((tag) => tag.tagGroupId === null && !hidden.has(tag.id)).map(item);
  return [...groups, { group: t('membersUi.tags.ungrouped'), items: loose }].filter(
    (group) => group.items.length > 0,
  );
}
