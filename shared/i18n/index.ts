/**
 * Message dictionaries for every layer: the renderer (through i18next), the CLI and error messages all read these.
 * Each feature has its own file; `dictionaries` deep-merges them. Keys are the same in both languages (a test checks).
 */
import type { Locale } from '../domain/types';
import { backup } from './backup';
import { backupUi } from './backupUi';
import { calendar } from './calendar';
import { calendarUi } from './calendarUi';
import { cli } from './cli';
import { core } from './core';
import { crisis } from './crisis';
import { crisisUi } from './crisisUi';
import { groupsDictionary } from './groups';
import { health } from './health';
import { importDictionary } from './import';
import { importUi } from './importUi';
import { importArchive } from './importArchive';
import { archiveCli } from './archiveCli';
import { admissionQrImages } from './admissionQrImages';
import { sensitive } from './sensitive';
import { members } from './members';
import { membersUi } from './membersUi';
import { operators } from './operators';
import { recovery } from './recovery';
import { riskUi } from './riskUi';
import { shell } from './shell';
import { ui } from './ui';

type Dictionary = { [key: string]: string | Dictionary };
type FeatureDictionary = Record<Locale, Dictionary>;

/** Feature dictionaries; a feature adds its file here. */
const features: FeatureDictionary[] = [core, cli, ui, shell, members, sensitive, backup, crisis, calendar, importDictionary, health, calendarUi, crisisUi, backupUi, riskUi, importUi, operators, recovery, importArchive, groupsDictionary, membersUi, archiveCli, admissionQrImages];

function deepMerge(target: Dictionary, source: Dictionary): Dictionary {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] =
      typeof value === 'object' && typeof existing === 'object' ? deepMerge({ ...existing }, value) : value;
  }
  return target;
}

export const dictionaries: Record<Locale, Dictionary> = {
  'zh-CN': features.reduce<Dictionary>((all, feature) => deepMerge(all, feature['zh-CN']), {}),
  en: features.reduce<Dictionary>((all, feature) => deepMerge(all, feature.en), {}),
};

/** Looks a dotted key up and fills `{{name}}` placeholders; falls back to Chinese, then to the key itself. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const find = (dictionary: Dictionary): string | undefined => {
    let node: string | Dictionary | undefined = dictionary;
    for (const part of key.split('.')) {
      if (typeof node !== 'object') return undefined;
      node = node[part];
    }
    return typeof node === 'string' ? node : undefined;
  };
  const template = find(dictionaries[locale]) ?? find(dictionaries['zh-CN']) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export type { Dictionary };
