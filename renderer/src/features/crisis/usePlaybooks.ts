/**
 * Every playbook with its current definition. `playbooks.list` returns summaries only; the cards, the incident
 * form (severity levels) and the drill form (scenarios) need the definitions too, so each is fetched once per
 * list answer (a workspace holds a handful of playbooks).
 */
import { useEffect, useState, type ComponentType } from 'react';
import type { PlaybookDetail, PlaybookSummary } from '../../../../shared/domain/crisis/views';
import { call } from '../../api/client';
import { notifyError } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';

export interface PlaybookCatalog {
  list: PlaybookSummary[] | undefined;
  /** Definitions by playbook id; the previous ones stay while a changed list is being fetched. */
  details: ReadonlyMap<number, PlaybookDetail> | undefined;
}

export function usePlaybooks(): PlaybookCatalog {
  const { data: list } = useChannel('playbooks.list', {}, ['crisis']);
  const [details, setDetails] = useState<Map<number, PlaybookDetail>>();
  useEffect(() => {
    if (!list) return;
    let current = true;
    Promise.all(list.map((playbook) => call('playbooks.get', { id: playbook.id }))).then(
      (details) => {
        if (current) setDetails(new Map(details.map((detail) => [detail.id, detail])));
      },
      (error: unknown) => {
        if (current) notifyError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [list]);
  return { list, details };
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
