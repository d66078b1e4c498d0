import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readStarterPlaybooks } from '../../../electron/main/services/crisisStarters';
import { exportPlaybookJson, parsePlaybookJson } from '../../../shared/domain/crisis/exchange';
import { playbookSchema, type Playbook } from '../../../shared/domain/crisis/playbook';
import {
  exportPlaybookMarkdown,
  parsePlaybookMarkdown,
} from '../../../shared/domain/crisis/playbookMarkdown';
import { samplePlaybook } from './fixtures';

const meta = { version: 3, exportedAt: '2024-05-01T08:00:00.000Z' };
const starters = readStarterPlaybooks(new URL('../../../resources/playbooks', import.meta.url).pathname);

describe('JSON exchange', () => {
  it('round-trips a playbook and carries the exported version', () => {
    const playbook = samplePlaybook();
    const text = exportPlaybookJson(playbook, meta);
    expect(JSON.parse(text)).toMatchObject({
      format: 'qundesk.playbook',
      formatVersion: 1,
      version: 3,
      exportedAt: meta.exportedAt,
    });
    expect(parsePlaybookJson(text, 'zh-CN')).toEqual({ ok: true, playbook, version: 3 });
  });

  it('accepts a bare playbook object and a byte-order mark', () => {
    const result = parsePlaybookJson(`\uFEFF${JSON.stringify(samplePlaybook())}`, 'zh-CN');
    expect(result).toMatchObject({ ok: true, version: null });
  });

  it('explains broken JSON, foreign formats and newer format versions', () => {
    const broken = parsePlaybookJson('{"key": ', 'zh-CN');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.issues[0]!.message).toMatch(/^不是有效的 JSON/);
    const foreign = parsePlaybookJson('{"format":"rootly.playbook","playbook":{}}', 'en');
    if (!foreign.ok)
      expect(foreign.issues[0]!.message).toBe('File format “rootly.playbook” is not a QunDesk playbook');
    const newer = parsePlaybookJson('{"format":"qundesk.playbook","formatVersion":2,"playbook":{}}', 'zh-CN');
    if (!newer.ok) expect(newer.issues[0]!.message).toContain('格式版本 2');
    expect(parsePlaybookJson('[1,2]', 'zh-CN')).toMatchObject({
      ok: false,
      issues: [{ path: '', message: '文件内容不是一个预案对象' }],
    });
  });

  it('reports every bad field of an enveloped file, relative to the playbook', () => {
    const doc = JSON.parse(exportPlaybookJson(samplePlaybook(), meta));
    doc.playbook.stages[0].steps[0].ownerRole = 'ghost';
    doc.playbook.templates[0].kind = 'tweet';
    const result = parsePlaybookJson(JSON.stringify(doc), 'zh-CN');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.path).sort()).toEqual([
        'stages[0].steps[0].ownerRole',
        'templates[0].kind',
      ]);
    }
  });
});

describe('Markdown exchange', () => {
  it.each(starters.map((starter) => [starter.file, starter.playbook] as const))(
    '%s exports to Markdown and reads back identically',
    (_file, playbook) => {
      const markdown = exportPlaybookMarkdown(playbook, meta);
      expect(parsePlaybookMarkdown(markdown, 'zh-CN')).toEqual({ ok: true, playbook, version: 3 });
    },
  );

  it('writes a readable document: title, sections, ticked steps with owners and targets, fenced templates', () => {
    const markdown = exportPlaybookMarkdown(samplePlaybook(), meta);
    expect(markdown.startsWith('# 测试预案\n')).toBe(true);
    for (const line of [
      '- 风险类型：`info_leak`（信息泄露）',
      '## 应对阶段',
      '#### 步骤 `recall` 撤回',
      '- 负责：`admin`（管理员）',
      '- 目标时间：120 秒（2 分钟内）',
      '- 阈值：10 分钟内 5 次',
      '```text',
      '{{群名}}的各位：{{事件时间}}有消息泄露了{{信息类型}}，已撤回，深表歉意。',
      '#### 注入 `30` 30 秒 · 成员举报',
    ]) {
      expect(markdown).toContain(line);
    }
  });

  it('survives hand edits with CRLF line endings and reads changed values', () => {
    const markdown = exportPlaybookMarkdown(samplePlaybook(), meta)
      .replace('- 目标时间：120 秒（2 分钟内）', '- 目标时间：90 秒')
      .replace(/\n/g, '\r\n');
    const result = parsePlaybookMarkdown(markdown, 'zh-CN');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.playbook.stages[0]!.steps[0]!.targetSeconds).toBe(90);
  });

  it('names the line of anything it does not understand, and schema problems by field', () => {
    const withStray = exportPlaybookMarkdown(samplePlaybook(), meta).replace(
      '## 角色',
      '这行是随手写的\n\n## 角色',
    );
    const stray = parsePlaybookMarkdown(withStray, 'zh-CN');
    expect(stray.ok).toBe(false);
    if (!stray.ok) expect(stray.issues[0]!.message).toMatch(/^第 \d+ 行无法识别：「这行是随手写的」$/);

    const orphan = parsePlaybookMarkdown('# 名称\n\n#### 步骤 `a` 没有阶段\n', 'zh-CN');
    if (!orphan.ok) expect(orphan.issues[0]!.message).toContain('不在对应的上级条目下');

    const badRole = exportPlaybookMarkdown(samplePlaybook(), meta).replace(
      '- 负责：`admin`（管理员）',
      '- 负责：`nobody`',
    );
    const result = parsePlaybookMarkdown(badRole, 'zh-CN');
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'stages[0].steps[0].ownerRole' }] });

    const unclosed = parsePlaybookMarkdown(
      exportPlaybookMarkdown(samplePlaybook(), meta).replace(/```\n\n#### 要点/, '\n\n#### 要点'),
      'zh-CN',
    );
    expect(unclosed.ok).toBe(false);
  });

  // Free text anywhere a playbook allows it: Markdown-looking lines, fences, quotes, colons and backticks included.
  const tricky = fc.constantFrom(
    '# 标题',
    '- 负责：`x`',
    '> 引用',
    '```',
    '````text',
    '### 步骤 `a` b',
    '：',
    '`',
    ' 缩进',
    '',
    '<!-- c -->',
    '|表|',
  );
  const freeText = fc
    .array(fc.oneof(tricky, fc.string({ maxLength: 8 })), { maxLength: 6 })
    .map((lines) => lines.join('\n').replace(/\r/g, '').trim());
  const oneLine = fc
    .oneof(tricky, fc.string({ minLength: 1, maxLength: 12 }))
    .map((text) => text.replace(/[\r\n]/g, ' ').trim())
    .filter((text) => text.length > 0);

  it('property: free text in titles, descriptions, bodies and injects survives the round trip', () => {
    fc.assert(
      fc.property(
        freeText,
        freeText,
        oneLine,
        oneLine,
        freeText,
        (summary, description, title, from, text) => {
          const input = JSON.parse(JSON.stringify(samplePlaybook())) as Playbook;
          input.summary = summary;
          input.stages[0]!.steps[0]!.description = description;
          input.stages[0]!.steps[0]!.title = title;
          input.name = title;
          input.templates[1]!.body = text === '' ? '正文' : text.replace(/\{|\}/g, '');
          input.scenarios[0]!.injects[0]!.from = from;
          input.scenarios[0]!.injects[0]!.text = text === '' ? '内容' : text;
          const parsed = playbookSchema.safeParse(input);
          if (!parsed.success) return;
          const back = parsePlaybookMarkdown(exportPlaybookMarkdown(parsed.data, meta), 'zh-CN');
          expect(back).toEqual({ ok: true, playbook: parsed.data, version: 3 });
        },
      ),
      { numRuns: 300 },
    );
  });
});
