/**
 * Playbooks as Markdown: readable on paper, in a chat or in any editor, and read back by `parsePlaybookMarkdown`.
 *
 * The format is line based, with fixed Chinese keywords whatever the UI language:
 * - `# 名称`, then `- 字段：值` lines and `> ` quoted text (the summary);
 * - `## 分区` headings group entities; `### 类型 \`id\` 标题` (and `####` for steps, rubric elements and injects)
 *   start an entity, followed by its `- 字段：值` lines, `> ` quoted free text and, for templates, a fenced body;
 * - ids and codes are written as `inline code`; every free text is quoted, so no line of it can be mistaken for
 *   structure. A line that fits none of these is reported with its number rather than dropped.
 */
import type { Locale } from '../types';
import { translate } from '../../i18n';
import type { ExportMeta, PlaybookParseResult } from './exchange';
import { validatePlaybook } from './exchange';
import { playbookFormat, playbookFormatVersion, type Playbook } from './playbook';
import { formatDuration } from './scoring';

const labels = { yes: '是', no: '否' } as const;
const zh = (key: string) => translate('zh-CN', key);

const code = (value: string) => `\`${value}\``;
const field = (name: string, value: string) => `- ${name}：${value}`;
const heading = (level: number, kind: string, id: string | number, title: string) =>
  `${'#'.repeat(level)} ${kind} ${code(String(id))} ${title}`;

function quote(text: string): string[] {
  if (text === '') return [];
  return ['', ...text.split('\n').map((line) => (line === '' ? '>' : `> ${line}`))];
}

function fence(body: string): string[] {
  const longestRun = Math.max(0, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const marker = '`'.repeat(Math.max(3, longestRun + 1));
  return ['', `${marker}text`, ...body.split('\n'), marker];
}

export function exportPlaybookMarkdown(playbook: Playbook, meta: ExportMeta): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const section = (title: string) => push('', `## ${title}`);
  const entity = (level: number, kind: string, id: string | number, title: string) =>
    push('', heading(level, kind, id, title));

  push(`# ${playbook.name}`, '');
  push(
    `<!-- ${playbookFormat} formatVersion=${playbookFormatVersion} version=${meta.version} exportedAt=${meta.exportedAt} -->`,
    '',
  );
  push(
    field('标识', code(playbook.key)),
    field('风险类型', `${code(playbook.riskType)}（${zh(`crisis.riskTypes.${playbook.riskType}`)}）`),
    field('默认级别', code(playbook.defaultSeverity)),
  );
  push(...quote(playbook.summary));

  section('严重级别');
  for (const level of playbook.severityLevels) {
    entity(3, '级别', level.id, level.label);
    push(...quote(level.description));
  }

  section('角色');
  push('', ...playbook.roles.map((role) => `- ${code(role.id)} ${role.label}`));

  if (playbook.prevention.length > 0) section('预防措施');
  for (const measure of playbook.prevention) {
    entity(3, '措施', measure.id, measure.title);
    push(field('检查周期', `${measure.checkEveryDays} 天`));
    push(...quote(measure.description));
  }

  if (playbook.triggers.length > 0) section('触发信号');
  for (const trigger of playbook.triggers) {
    entity(3, '信号', trigger.id, trigger.label);
    push(
      field('类别', trigger.categories.map(code).join(' ')),
      field('阈值', `${trigger.windowMinutes} 分钟内 ${trigger.threshold} 次`),
      field('级别', code(trigger.severity)),
    );
  }

  const roleLabel = new Map(playbook.roles.map((role) => [role.id, role.label]));
  section('应对阶段');
  for (const stage of playbook.stages) {
    entity(3, '阶段', stage.id, stage.title);
    for (const step of stage.steps) {
      entity(4, '步骤', step.id, step.title);
      push(
        field('负责', `${code(step.ownerRole)}（${roleLabel.get(step.ownerRole) ?? step.ownerRole}）`),
        field('目标时间', `${step.targetSeconds} 秒（${formatDuration(step.targetSeconds, 'zh-CN')}内）`),
        field('必做', step.required ? labels.yes : labels.no),
      );
      if (step.templateIds.length > 0) push(field('模板', step.templateIds.map(code).join(' ')));
      push(...quote(step.description));
    }
  }

  if (playbook.templates.length > 0) section('消息模板');
  for (const template of playbook.templates) {
    entity(3, '模板', template.id, template.title);
    push(field('类型', `${code(template.kind)}（${zh(`crisis.templateKinds.${template.kind}`)}）`));
    push(...fence(template.body));
    for (const element of template.rubric) {
      entity(4, '要点', element.id, element.label);
      push(field('关键词', element.anyOf.map(code).join(' ')));
    }
  }

  if (playbook.placeholders.length > 0) section('占位符');
  for (const placeholder of playbook.placeholders) {
    entity(3, '占位符', placeholder.name, placeholder.label);
    if (placeholder.example !== undefined) push(field('示例', placeholder.example));
  }

  if (playbook.scenarios.length > 0) section('演练脚本');
  for (const scenario of playbook.scenarios) {
    entity(3, '演练', scenario.id, scenario.title);
    push(...quote(scenario.description));
    for (const inject of scenario.injects) {
      entity(
        4,
        '注入',
        inject.atSeconds,
        `${formatDuration(inject.atSeconds, 'zh-CN')} · ${zh(`crisis.injectKinds.${inject.kind}`)}`,
      );
      push(field('类型', code(inject.kind)), field('来自', inject.from));
      push(...quote(inject.text));
    }
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------- reading

type Draft = Record<string, unknown>;

interface Entity {
  kind: string;
  record: Draft;
  /** Where quoted text goes; entities without free text refuse quotes. */
  quoteField: string | null;
  quoted: string[] | null;
  fields: Record<string, (value: string) => void>;
  acceptsBody: boolean;
}

const codesIn = (value: string) => [...value.matchAll(/`([^`]*)`/g)].map((match) => match[1]!);
const firstCode = (value: string) => codesIn(value)[0] ?? value.trim();
/** A leading integer, or the raw text so validation reports it as "not a number". */
const leadingInteger = (value: string): number | string => {
  const match = /^\s*(\d+)/.exec(value);
  return match ? Number(match[1]) : value.trim();
};
const yesNo = (value: string): boolean | string =>
  value.trim() === labels.yes ? true : value.trim() === labels.no ? false : value.trim();

function newEntity(
  kind: string,
  record: Draft,
  quoteField: string | null,
  fields: Entity['fields'] = {},
  acceptsBody = false,
): Entity {
  return { kind, record, quoteField, quoted: null, fields, acceptsBody };
}

/** Reads the Markdown written by `exportPlaybookMarkdown` (and hand edits of it). */
export function parsePlaybookMarkdown(text: string, locale: Locale): PlaybookParseResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const issues: { path: string; message: string }[] = [];
  const lineIssue = (index: number, key: string) =>
    issues.push({
      path: `line ${index + 1}`,
      message: translate(locale, key, { line: index + 1, text: (lines[index] ?? '').slice(0, 60) }),
    });

  const lists = {
    severityLevels: [] as Draft[],
    roles: [] as Draft[],
    prevention: [] as Draft[],
    triggers: [] as Draft[],
    stages: [] as Draft[],
    templates: [] as Draft[],
    placeholders: [] as Draft[],
    scenarios: [] as Draft[],
  };
  const playbook: Draft = {};
  let version: number | null = null;
  let sawTitle = false;
  let section = '';
  let stage: Draft | null = null;
  let template: Draft | null = null;
  let scenario: Draft | null = null;
  let current: Entity = newEntity('playbook', playbook, 'summary', {
    标识: (value) => (playbook.key = firstCode(value)),
    风险类型: (value) => (playbook.riskType = firstCode(value)),
    默认级别: (value) => (playbook.defaultSeverity = firstCode(value)),
  });
  const entities: Entity[] = [current];

  const open = (entity: Entity, list: Draft[] | null, index: number) => {
    if (list === null) {
      lineIssue(index, 'crisis.issues.markdownOrphan');
      return;
    }
    list.push(entity.record);
    current = entity;
    entities.push(entity);
  };

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '' || /^<!--.*-->$/.test(line.trim())) {
      const versionMatch = /\bversion=(\d+)\b/.exec(line);
      if (line.includes(playbookFormat) && versionMatch) version = Number(versionMatch[1]);
      continue;
    }
    const fenceMatch = /^(`{3,})text\s*$/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      // The exporter makes the fence longer than any backtick run in the body, so the first line opening with at
      // least as many backticks must be the close; anything else means the close was lost.
      const close = lines.findIndex((candidate, at) => at > index && candidate.startsWith(marker));
      if (close < 0 || lines[close] !== marker) {
        lineIssue(index, 'crisis.issues.markdownUnclosedFence');
        break;
      }
      if (current.acceptsBody) current.record.body = lines.slice(index + 1, close).join('\n');
      else lineIssue(index, 'crisis.issues.markdownUnexpected');
      index = close;
      continue;
    }
    if (line.startsWith('>')) {
      if (current.quoteField === null) {
        lineIssue(index, 'crisis.issues.markdownUnexpected');
        continue;
      }
      current.quoted ??= [];
      current.quoted.push(line === '>' ? '' : line.startsWith('> ') ? line.slice(2) : line.slice(1));
      continue;
    }
    if (!sawTitle) {
      const title = /^# (.*)$/.exec(line);
      if (title) {
        playbook.name = title[1]!.trim();
        sawTitle = true;
        continue;
      }
    }
    const sectionMatch = /^## (.*)$/.exec(line);
    if (sectionMatch) {
      section = sectionMatch[1]!.trim();
      continue;
    }
    const entityMatch = /^(#{3,4}) (\S+) `([^`]*)`(?: (.*))?$/.exec(line);
    if (entityMatch) {
      const [, hashes, kind, id, rest] = entityMatch as unknown as [
        string,
        string,
        string,
        string,
        string | undefined,
      ];
      const title = (rest ?? '').trim();
      const level = hashes.length;
      const wrongLevel = () => lineIssue(index, 'crisis.issues.markdownUnexpected');
      switch (`${level}${kind}`) {
        case '3级别':
          open(
            newEntity(kind, { id, label: title, description: '' }, 'description'),
            lists.severityLevels,
            index,
          );
          break;
        case '3措施': {
          const record: Draft = { id, title, description: '' };
          open(
            newEntity(kind, record, 'description', {
              检查周期: (value) => (record.checkEveryDays = leadingInteger(value)),
            }),
            lists.prevention,
            index,
          );
          break;
        }
        case '3信号': {
          const record: Draft = { id, label: title };
          open(
            newEntity(kind, record, null, {
              类别: (value) => (record.categories = codesIn(value)),
              阈值: (value) => {
                const match = /(\d+)\s*分钟内\s*(\d+)\s*次/.exec(value);
                record.windowMinutes = match ? Number(match[1]) : value.trim();
                record.threshold = match ? Number(match[2]) : value.trim();
              },
              级别: (value) => (record.severity = firstCode(value)),
            }),
            lists.triggers,
            index,
          );
          break;
        }
        case '3阶段':
          stage = { id, title, steps: [] };
          open(newEntity(kind, stage, null), lists.stages, index);
          break;
        case '4步骤': {
          const record: Draft = { id, title, description: '' };
          open(
            newEntity(kind, record, 'description', {
              负责: (value) => (record.ownerRole = firstCode(value)),
              目标时间: (value) => (record.targetSeconds = leadingInteger(value)),
              必做: (value) => (record.required = yesNo(value)),
              模板: (value) => (record.templateIds = codesIn(value)),
            }),
            stage ? (stage.steps as Draft[]) : null,
            index,
          );
          break;
        }
        case '3模板': {
          template = { id, title, rubric: [] };
          const record = template;
          open(
            newEntity(kind, record, null, { 类型: (value) => (record.kind = firstCode(value)) }, true),
            lists.templates,
            index,
          );
          break;
        }
        case '4要点': {
          const record: Draft = { id, label: title };
          open(
            newEntity(kind, record, null, { 关键词: (value) => (record.anyOf = codesIn(value)) }),
            template ? (template.rubric as Draft[]) : null,
            index,
          );
          break;
        }
        case '3占位符': {
          const record: Draft = { name: id, label: title };
          open(
            newEntity(kind, record, null, { 示例: (value) => (record.example = value.trim()) }),
            lists.placeholders,
            index,
          );
          break;
        }
        case '3演练':
          scenario = { id, title, description: '', injects: [] };
          open(newEntity(kind, scenario, 'description'), lists.scenarios, index);
          break;
        case '4注入': {
          const record: Draft = { atSeconds: leadingInteger(id), text: '' };
          open(
            newEntity(kind, record, 'text', {
              类型: (value) => (record.kind = firstCode(value)),
              来自: (value) => (record.from = value.trim()),
            }),
            scenario ? (scenario.injects as Draft[]) : null,
            index,
          );
          break;
        }
        default:
          wrongLevel();
      }
      continue;
    }
    const roleMatch = /^- `([^`]*)` (.*)$/.exec(line);
    if (roleMatch && section === '角色') {
      lists.roles.push({ id: roleMatch[1], label: roleMatch[2]!.trim() });
      continue;
    }
    const fieldMatch = /^- ([^：\s`]+)：(.*)$/.exec(line);
    if (fieldMatch && Object.hasOwn(current.fields, fieldMatch[1]!)) {
      current.fields[fieldMatch[1]!]!(fieldMatch[2]!);
      continue;
    }
    lineIssue(index, 'crisis.issues.markdownUnexpected');
  }

  for (const entity of entities) {
    if (entity.quoteField !== null && entity.quoted !== null)
      entity.record[entity.quoteField] = entity.quoted.join('\n');
  }
  if (!sawTitle) issues.unshift({ path: '', message: translate(locale, 'crisis.issues.markdownNoTitle') });
  if (issues.length > 0) return { ok: false, issues: issues.slice(0, 50) };
  const result = validatePlaybook({ ...playbook, ...lists }, locale);
  return result.ok ? { ...result, version } : result;
}
