/**
 * Turns zod issues about a playbook into one readable line per field, in the user's language:
 * `应对阶段 #2 › 步骤 #1 › 负责角色：角色「pr」未在「角色」中定义`.
 */
import type { z } from 'zod';
import type { Locale } from '../types';
import { translate } from '../../i18n';

export interface FieldIssue {
  /** Machine path, e.g. `stages[1].steps[0].ownerRole`; the empty string for the playbook itself. */
  path: string;
  /** Localised: where, then what is wrong. */
  message: string;
}

type Issue = z.core.$ZodIssue;

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function describeWhere(path: readonly PropertyKey[], locale: Locale): string {
  if (path.length === 0) return translate(locale, 'crisis.fields.root');
  const parts: string[] = [];
  for (const part of path) {
    if (typeof part === 'number') {
      const last = parts.pop() ?? '';
      parts.push(`${last} #${part + 1}`.trim());
    } else {
      const key = `crisis.fields.${String(part)}`;
      const label = translate(locale, key);
      parts.push(label === key ? String(part) : label);
    }
  }
  return parts.join(' › ');
}

function describeProblem(issue: Issue, locale: Locale): string {
  const params = (issue as { params?: Record<string, string | number> }).params ?? {};
  if (issue.message.startsWith('crisis.issues.')) {
    const detail: Record<string, string | number> = { ...params };
    if (issue.code === 'too_small') detail.minimum = Number(issue.minimum);
    return translate(locale, issue.message, detail);
  }
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? translate(locale, 'crisis.issues.required')
        : translate(locale, 'crisis.issues.invalidType', {
            expected: translate(locale, `crisis.types.${issue.expected}`),
          });
    case 'too_small':
      return translate(
        locale,
        issue.origin === 'array'
          ? 'crisis.issues.tooFewItems'
          : issue.origin === 'string'
            ? 'crisis.issues.tooShort'
            : 'crisis.issues.tooSmallNumber',
        {
          minimum: Number(issue.minimum),
        },
      );
    case 'too_big':
      return translate(
        locale,
        issue.origin === 'array'
          ? 'crisis.issues.tooManyItems'
          : issue.origin === 'string'
            ? 'crisis.issues.tooLong'
            : 'crisis.issues.tooBigNumber',
        {
          maximum: Number(issue.maximum),
        },
      );
    case 'invalid_value':
      return translate(locale, 'crisis.issues.invalidOption', {
        options: issue.values.map(String).join(' / '),
      });
    case 'unrecognized_keys':
      return translate(locale, 'crisis.issues.unknownKeys', { keys: issue.keys.join(', ') });
    case 'invalid_format':
      return translate(locale, 'crisis.issues.invalidFormat');
    default:
      return issue.message;
  }
}

/** One line per issue; at most `limit` of them (a file full of mistakes should not flood the screen). */
export function describeIssues(issues: readonly Issue[], locale: Locale, limit = 50): FieldIssue[] {
  return issues.slice(0, limit).map((issue) => ({
    path: formatPath(issue.path),
    message: `${describeWhere(issue.path, locale)}${locale === 'zh-CN' ? '：' : ': '}${describeProblem(issue, locale)}`,
  }));
}
