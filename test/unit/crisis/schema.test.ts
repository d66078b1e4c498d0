import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStarterPlaybooks } from '../../../electron/main/services/crisisStarters';
import { validatePlaybook } from '../../../shared/domain/crisis/exchange';
import {
  canonicalPlaybookJson,
  orderedSteps,
  playbookSchema,
  riskTypes,
} from '../../../shared/domain/crisis/playbook';
import { findPlaceholders } from '../../../shared/domain/crisis/templates';
import { samplePlaybookInput } from './fixtures';

const starterDir = new URL('../../../resources/playbooks', import.meta.url).pathname;

function issuesOf(input: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const result = validatePlaybook(input, locale);
  if (result.ok) throw new Error('expected the playbook to be refused');
  return result.issues;
}

describe('starter playbooks (resources/playbooks)', () => {
  const starters = readStarterPlaybooks(starterDir);

  it('all validate, and cover the operations guide’s four risk types plus the competitor-link case', () => {
    expect(starters.length).toBeGreaterThanOrEqual(5);
    const types = new Set(starters.map((starter) => starter.playbook.riskType));
    for (const type of ['info_leak', 'ad_spam', 'opinion_crisis', 'data_loss', 'competitor_link'] as const) {
      expect(types.has(type), type).toBe(true);
    }
    expect(new Set(starters.map((starter) => starter.playbook.key)).size).toBe(starters.length);
  });

  it.each(readStarterPlaybooks(starterDir).map((starter) => [starter.file, starter.playbook] as const))(
    '%s is complete: prevention, response steps with targets, templates with rubric, a drill scenario',
    (_file, playbook) => {
      expect(playbook.prevention.length).toBeGreaterThanOrEqual(2);
      const steps = orderedSteps(playbook);
      expect(steps.length).toBeGreaterThanOrEqual(5);
      expect(steps.filter((step) => step.required).every((step) => step.targetSeconds > 0)).toBe(true);
      expect(playbook.templates.length).toBeGreaterThanOrEqual(2);
      for (const template of playbook.templates) {
        expect(template.rubric.length, template.id).toBeGreaterThanOrEqual(2);
        expect(findPlaceholders(template.body).malformed).toEqual([]);
      }
      // Every template is sent by some step, so drills can grade it.
      const sent = new Set(steps.flatMap((step) => step.templateIds));
      expect(playbook.templates.filter((template) => !sent.has(template.id))).toEqual([]);
      expect(playbook.scenarios.length).toBeGreaterThanOrEqual(1);
      for (const scenario of playbook.scenarios) expect(scenario.injects.length).toBeGreaterThanOrEqual(4);
      expect(riskTypes).toContain(playbook.riskType);
    },
  );

  it('the 舆论危机 starter fires on 5 complaint hits in 10 minutes, as the issue describes', () => {
    const opinion = starters.find((starter) => starter.playbook.riskType === 'opinion_crisis')!.playbook;
    expect(opinion.triggers).toContainEqual(
      expect.objectContaining({ categories: ['complaint'], threshold: 5, windowMinutes: 10 }),
    );
  });

  it('reads the shared operations guide’s response measures into the starters (when ../shared is present)', () => {
    const guide = join(starterDir, '../../../shared/design/operations-guide.zh.txt');
    if (!existsSync(guide)) return;
    const all = JSON.stringify(starters.map((starter) => starter.playbook));
    for (const measure of [
      '禁用位置共享',
      '防刷屏机制',
      '舆情观察员',
      '每日备份聊天记录',
      '紧急启用备用群组',
      '秒撤消息',
      '专属红包',
      '专属优惠',
    ]) {
      expect(all, measure).toContain(measure);
    }
  });
});

describe('playbook schema', () => {
  it('accepts the sample and fills defaults; the canonical JSON does not depend on key order', () => {
    const parsed = playbookSchema.parse(samplePlaybookInput());
    expect(parsed.stages[0]!.steps[0]!.required).toBe(true);
    expect(parsed.stages[0]!.steps[0]!.templateIds).toEqual([]);
    const reversed = Object.fromEntries(Object.entries(samplePlaybookInput()).reverse());
    expect(canonicalPlaybookJson(playbookSchema.parse(reversed))).toBe(canonicalPlaybookJson(parsed));
  });

  it('names an unknown owner role, template and severity with the field path, in Chinese', () => {
    const input = samplePlaybookInput();
    input.stages[0]!.steps[0]!.ownerRole = 'pr';
    input.stages[0]!.steps[1]!.templateIds = ['nope'];
    input.triggers![0]!.severity = 'extreme';
    const issues = issuesOf(input);
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: 'stages[0].steps[0].ownerRole',
          message: '应对阶段 #1 › 步骤 #1 › 负责角色：角色「pr」未在「角色」中定义',
        },
        {
          path: 'stages[0].steps[1].templateIds[0]',
          message: expect.stringContaining('模板「nope」未在「消息模板」中定义'),
        },
        {
          path: 'triggers[0].severity',
          message: expect.stringContaining('级别「extreme」未在「严重级别」中定义'),
        },
      ]),
    );
  });

  it('reports duplicates (also step ids across stages), unknown and malformed placeholders', () => {
    const input = samplePlaybookInput();
    input.stages[1]!.steps[0]!.id = 'recall';
    input.roles.push({ id: 'admin', label: '重复' });
    input.templates![1]!.body = '你好{{客服微信}}，还有{{未闭合';
    const issues = issuesOf(input);
    const paths = issues.map((issue) => issue.path);
    expect(paths).toContain('stages[1].steps[0].id');
    expect(paths).toContain('roles[2].id');
    const bodyIssues = issues
      .filter((issue) => issue.path === 'templates[1].body')
      .map((issue) => issue.message);
    expect(bodyIssues.some((message) => message.includes('未知占位符 客服微信'))).toBe(true);
    expect(bodyIssues.some((message) => message.includes('占位符写法有误'))).toBe(true);
  });

  it('explains type, range, enum, format and unknown-field mistakes per field, in either language', () => {
    const input = samplePlaybookInput() as Record<string, unknown>;
    const stages = input.stages as { steps: Record<string, unknown>[] }[];
    stages[0]!.steps[0]!.targetSeconds = -5;
    stages[0]!.steps[1]!.targetSeconds = '十分钟';
    input.riskType = 'fire';
    input.key = 'Has Spaces';
    input.colour = 'red';
    delete input.name;
    const zh = issuesOf(input);
    const byPath = new Map(zh.map((issue) => [issue.path, issue.message]));
    expect(byPath.get('stages[0].steps[0].targetSeconds')).toBe(
      '应对阶段 #1 › 步骤 #1 › 目标时间（秒）：不能小于 1',
    );
    expect(byPath.get('stages[0].steps[1].targetSeconds')).toContain('应为数字');
    expect(byPath.get('riskType')).toContain('只能是以下之一：info_leak / ad_spam');
    expect(byPath.get('key')).toContain('只能使用小写字母');
    expect(byPath.get('name')).toBe('名称：必须填写');
    expect(byPath.get('')).toBe('预案：无法识别的字段：colour');
    const en = new Map(issuesOf(input, 'en').map((issue) => [issue.path, issue.message]));
    expect(en.get('stages[0].steps[0].targetSeconds')).toBe(
      'Response stages #1 › Steps #1 › Target (seconds): Cannot be less than 1',
    );
    expect(en.get('name')).toBe('Name: Required');
  });

  it('refuses multi-line titles and empty stages', () => {
    const input = samplePlaybookInput();
    input.stages[0]!.title = '第一行\n第二行';
    input.stages[1]!.steps = [];
    const paths = issuesOf(input).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['stages[0].title', 'stages[1].steps']));
  });
});
