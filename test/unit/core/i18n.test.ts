import { describe, expect, it } from 'vitest';
import { dictionaries, translate, type Dictionary } from '../../../shared/i18n';
import { errorCodes } from '../../../shared/ipc/errors';

function keys(dictionary: Dictionary, prefix = ''): string[] {
  return Object.entries(dictionary).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

describe('i18n dictionaries', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(dictionaries.en).sort()).toEqual(keys(dictionaries['zh-CN']).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of keys(dictionaries['zh-CN'])) {
      expect(placeholders(translate('en', key)), key).toEqual(placeholders(translate('zh-CN', key)));
    }
  });

  it('translate every error code', () => {
    for (const key of Object.values(errorCodes)) {
      expect(translate('zh-CN', key)).not.toBe(key);
      expect(translate('en', key)).not.toBe(key);
    }
  });

  it('fills placeholders and leaves unknown keys visible', () => {
    expect(translate('zh-CN', 'groups.errors.nameTaken', { name: '读书会' })).toBe('已有同名群组「读书会」');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});
