/**
 * Every playbook as `playbooks.list` returns it: the summaries carry what the cards and the start forms need
 * (severity levels, scenarios, trigger categories), so no playbook is fetched one by one.
 */
import { useState, type ComponentType } from 'react';
import type { PlaybookSummary } from '../../../../shared/domain/crisis/views';
import { useChannel } from '../../ui/useChannel';

export interface PlaybookCatalog {
  list: PlaybookSummary[] | undefined;
}

export function usePlaybooks(): PlaybookCatalog {
  const { data: list } = useChannel('playbooks.list', {}, ['crisis']);
  return { list };
}

/** One playbook of the catalog, by id. */
export function catalogEntry(catalog: PlaybookCatalog, id: number | null): PlaybookSummary | undefined {
  return id === null ? undefined : catalog.list?.find((playbook) => playbook.id === id);
}

/** The playbooks as choices for a select box. */
export function playbookOptions(catalog: PlaybookCatalog): { value: string; label: string }[] {
  return (catalog.list ?? []).map((playbook) => ({ value: String(playbook.id), label: playbook.name }));
}

/** A form that starts something from a playbook (an incident, a drill), opened on one playbook or on none. */
export interface PlaybookFormProps {
  catalog: PlaybookCatalog;
  initialPlaybookId: number | null;
  onClose(): void;
}

export interface PlaybookModalProps {
  opened: boolean;
  onClose(): void;
  catalog: PlaybookCatalog;
  playbookId: number | null;
}

/** The playbook chosen in such a form: the one it was opened on, else the first. */
export function usePlaybookChoice(props: PlaybookFormProps) {
  return useState<number | null>(props.initialPlaybookId ?? props.catalog.list?.[0]?.id ?? null);
}

export type PlaybookFormComponent = ComponentType<PlaybookFormProps>;
