/** Per-file import choices: the overrides a preview runs with and the target group an import goes into. */
import type { ImportEncoding, ImportFormat } from '../../../../shared/ipc/channels/imports';

export interface FileOptions {
  format?: ImportFormat;
  encoding?: ImportEncoding;
  timeZone?: string;
  date?: string;
}

/** `auto` follows the chat name (the backend's default); `new` creates a group with `newGroupName`. */
export type TargetChoice =
  { kind: 'auto' } | { kind: 'existing'; groupId: number } | { kind: 'new'; name: string };

export interface ChosenFile {
  /** Stable React key; the same path may be added twice with different options. */
  key: number;
  path: string;
  options: FileOptions;
  target: TargetChoice;
}

/** Whole-hour offsets plus the common half- and quarter-hour ones, as `+08:00`. */
export const timeZoneChoices: string[] = (() => {
  const offsets = new Set<number>();
  for (let hours = -12; hours <= 14; hours += 1) offsets.add(hours * 60);
  for (const minutes of [-210, 210, 270, 330, 345, 390, 570, 630]) offsets.add(minutes);
  return [...offsets]
    .sort((a, b) => b - a)
    .map((total) => {
      const sign = total < 0 ? '-' : '+';
      const size = Math.abs(total);
      return `${sign}${String(Math.floor(size / 60)).padStart(2, '0')}:${String(size % 60).padStart(2, '0')}`;
    });
})();

/** The group fields of `imports.start` for a target choice; undefined fields are left out. */
export function targetInput(target: TargetChoice): { groupId?: number; groupName?: string } {
  if (target.kind === 'existing') return { groupId: target.groupId };
  if (target.kind === 'new' && target.name.trim()) return { groupName: target.name.trim() };
  return {};
}

/** Drops unset options so the JSON input stays stable (it keys the preview request). */
export function definedOptions(options: FileOptions): FileOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined && value !== ''),
  );
}
