import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { riskDraftChecker } from '../../../electron/main/services/riskCheck';
import { maxWordLength, sensitiveCategories } from '../../../shared/domain/sensitive';
import { shippedStarterPlaybooks } from '../../../electron/main/services/crisisStarters';
import { maxRiskWordLength } from '../../../shared/ipc/channels/risk';
import { listInput, useRiskBackend } from './fixtures';

const t = useRiskBackend();

const db = () => t.backend.context.db;
const count = (sql: string, ...params: unknown[]) => t.count(sql, ...params);

describe('reversed words and homophones', () => {
  it('saves the word flags and list switches, checks with them live, and exports them', async () => {
    const saved = await t.call('risk.saveList', {
      list: {
        name: '引流变体',
        category: 'ads',
        options: { reverse: false },
        words: [
          { word: '私聊', reverse: true, homophone: true },
          { word: '进群', homophone: true },
        ],
      },
    });
    expect(saved.options).toMatchObject({ reverse: false, homophone: true });
    expect((await t.call('risk.getList', { id: saved.id })).words).toEqual([
      { word: '私聊', reverse: true, homophone: true },
      { word: '进群', homophone: true },
    ]);
    const hitsOf = async (text: string) =>
      (await t.call('risk.check', { text, listIds: [saved.id] })).hits
        .filter((hit) => hit.list === '引流变体')
        .map((hit) => [hit.text, hit.rule]);
    expect(await hitsOf('有事思聊，快进裙')).toEqual([
      ['思聊', 'homophone'],
      ['进裙', 'homophone'],
    ]);
    // The list's reverse switch is off: 聊私 is no hit until it is turned on.
    expect(await hitsOf('聊私')).toEqual([]);
    await t.call('risk.saveList', {
      id: saved.id,
      list: { ...listInput(await t.call('risk.getList', { id: saved.id })), options: { reverse: true } },
    });
    expect(await hitsOf('聊私')).toEqual([['聊私', 'reversed']]);

    const exported = await t.call('risk.exportList', { id: saved.id, format: 'csv' });
    expect(exported.content).toContain('私聊,,,reverse;homophone,');
    expect(exported.content).toContain('进群,,,homophone,');
  });
});

describe('list files', () => {
  it('imports CSV and TXT, exports them back, and replaces a list only when asked', async () => {
    const csv = [
      '# name: 竞品监控',
      '# category: competitor',
      '# severity: high',
      'word,category,severity,options,action',
      '某某课堂,,,,recall',
      'rival.example.com,,critical,,remove',
      'wx,ads,medium,boundary,',
    ].join('\n');
    const imported = await t.call('risk.importList', { format: 'csv', content: csv, fileName: 'rival.csv' });
    expect(imported).toMatchObject({
      name: '竞品监控',
      category: 'competitor',
      severity: 'high',
      wordCount: 3,
      version: 1,
    });
    expect(imported.words[2]).toEqual({ word: 'wx', category: 'ads', severity: 'medium', boundary: true });

    // Competitor words that are domains also flag links to those hosts.
    const check = await t.call('risk.check', { text: '去 https://www.rival.example.com/buy 看看' });
    expect(check.hits.some((hit) => hit.category === 'competitor' && hit.rule === 'detector')).toBe(true);

    const exported = await t.call('risk.exportList', { id: imported.id, format: 'csv' });
    expect(exported).toMatchObject({ fileName: '竞品监控.csv', mimeType: 'text/csv' });
    expect(exported.content.startsWith('\uFEFF# name: 竞品监控')).toBe(true);
    const copy = await t.call('risk.importList', {
      format: 'csv',
      content: exported.content,
      name: '竞品监控副本',
    });
    expect(copy.words).toEqual(imported.words);
    expect(copy.category).toBe('competitor');

    const conflict = await t.fail('risk.importList', { format: 'csv', content: csv });
    expect(conflict).toMatchObject({
      code: 'CONFLICT',
      message: 'risk.errors.nameTaken',
      params: { name: '竞品监控' },
    });
    const replaced = await t.call('risk.importList', {
      format: 'txt',
      content: '某某课堂\n某某网校\n',
      name: '竞品监控',
      replace: true,
    });
    expect(replaced).toMatchObject({ id: imported.id, version: 2, wordCount: 2, category: 'custom' });
    expect(count('SELECT count(*) FROM risk_list_versions WHERE list_id = ?', imported.id)).toBe(2);

    const txt = await t.call('risk.exportList', { id: imported.id, format: 'txt' });
    expect(txt.content.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([
      '某某课堂',
      '某某网校',
    ]);
    expect(count("SELECT count(*) FROM audit_log WHERE entity = 'risk-list' AND action LIKE 'import%'")).toBe(
      3,
    );
  });

  it('reads GBK files sent as bytes and names a list after its file', async () => {
    const bytes = iconv.encode('退钱\r\n骗子公司\r\n', 'gbk');
    const list = await t.call('risk.importList', {
      format: 'txt',
      base64: bytes.toString('base64'),
      fileName: 'C:\\lists\\客诉补充.txt',
    });
    expect(list).toMatchObject({ name: '客诉补充', words: [{ word: '退钱' }, { word: '骗子公司' }] });
  });

  it.each([
    ['csv', 'word,category\n"未闭合,ads\n', 'sensitive.errors.csvUnterminatedQuote', { line: 2 }],
    ['csv', '好词,unknown\n', 'sensitive.errors.unknownCategory', { line: 1, value: 'unknown' }],
    ['csv', '甲,ads,high,,remind,extra\n', 'sensitive.errors.csvColumns', { line: 1, count: 6, max: 5 }],
    ['txt', `ok\n${'长'.repeat(101)}\n`, 'sensitive.errors.wordTooLong', { line: 2, max: 100 }],
    ['txt', 'bin\u0000ary', 'sensitive.errors.binaryFile', { line: 1 }],
    ['txt', '# 只有注释\n\n', 'risk.errors.noWords', undefined],
  ] as const)(
    'refuses a bad %s file with a clear error and stores nothing (%#)',
    async (format, content, message, params) => {
      const before = await t.call('risk.lists');
      const error = await t.fail('risk.importList', { format, content, fileName: 'bad.txt' });
      expect(error).toMatchObject({ code: 'BAD_FILE', message, ...(params ? { params } : {}) });
      const after = await t.call('risk.lists');
      expect(after).toEqual(before);
      expect(count("SELECT count(*) FROM audit_log WHERE action LIKE 'import%'")).toBe(0);
    },
  );
});

describe('editing lists', () => {
  it('creates, edits, disables and deletes, bumping the ruleset each time, all audited', async () => {
    const start = (await t.call('risk.lists')).rulesetVersion;
    const created = await t.call('risk.saveList', {
      list: {
        name: '自定义',
        category: 'custom',
        words: [{ word: '暗号' }, { word: '暗号' }, { word: ' 口令 ' }],
      },
    });
    expect(created).toMatchObject({ version: 1, wordCount: 2, origin: 'user', enabled: true });
    expect(created.words.map((word) => word.word)).toEqual(['暗号', '口令']);
    expect((await t.call('risk.check', { text: '对一下暗号' })).hits.map((hit) => hit.list)).toEqual([
      '自定义',
    ]);

    const edited = await t.call('risk.saveList', {
      id: created.id,
      list: { ...listInput(created), words: [...created.words, { word: '接头' }] },
    });
    expect(edited.version).toBe(2);
    await t.call('risk.enableList', { id: created.id, enabled: false });
    expect((await t.call('risk.check', { text: '对一下暗号' })).hits).toEqual([]);
    // Checking with the list named uses it even while it is disabled.
    expect((await t.call('risk.check', { text: '对一下暗号', listIds: [created.id] })).hits).toHaveLength(1);
    const taken = await t.fail('risk.saveList', { list: { name: '自定义', words: [{ word: 'x' }] } });
    expect(taken.message).toBe('risk.errors.nameTaken');
    await t.call('risk.deleteList', { id: created.id });
    expect((await t.fail('risk.getList', { id: created.id })).message).toBe('risk.errors.listNotFound');
    expect((await t.call('risk.lists')).rulesetVersion).toBe(start + 4);
    expect(
      db()
        .prepare("SELECT action FROM audit_log WHERE entity = 'risk-list' AND entity_id = ? ORDER BY id")
        .pluck()
        .all(String(created.id)),
    ).toEqual(['create', 'update', 'disable', 'delete']);
  });

  it('lints and parses the editor lines, with line numbers of the editor', async () => {
    const lint = await t.call('risk.lint', {
      list: { name: 'x', words: [{ word: '發票' }, { word: '发票' }, { word: '黄' }] },
    });
    expect(lint.warnings.map((warning) => warning.code).sort()).toEqual(['duplicate', 'singleChar']);
    const parsed = await t.call('risk.parseWords', { text: '关键词\n微信,ads,high,pinyin\n"a,b"\n' });
    expect(parsed.words).toEqual([
      { word: '关键词' },
      { word: '微信', category: 'ads', severity: 'high', pinyin: true },
      { word: 'a,b' },
    ]);
    expect(parsed.warnings.map((warning) => warning.code)).toEqual(['separator']);
    const bad = await t.fail('risk.parseWords', { text: '好\n坏,nope\n' });
    expect(bad).toMatchObject({
      code: 'BAD_FILE',
      message: 'sensitive.errors.unknownCategory',
      params: { line: 2 },
    });
  });
});

describe('back-test', () => {
  it('counts the recent messages a list would hit, with the words and a sample', async () => {
    const result = await t.call('risk.backtest', { words: ['退款', '加我微信'], days: 30 });
    expect(result).toMatchObject({ mode: 'hits', days: 30, hitMessages: 3, hits: 3, truncated: false });
    // The 45-day-old ad is outside the window; system notices are not read.
    expect(result.messages).toBe(10);
    expect(result.words).toEqual([
      { word: '退款', count: 2 },
      { word: '加我微信', count: 1 },
    ]);
    expect(result.sample.map((sample) => sample.content)[0]).toBe('退款申请怎么弄');
    expect(result.sample[0]!.spans).toEqual([
      { start: 0, end: 2, word: '退款', category: 'custom', severity: 'medium' },
    ]);
    const longer = await t.call('risk.backtest', { words: ['加我微信'], days: 60, sample: 0 });
    expect(longer).toMatchObject({ hitMessages: 2, sample: [] });
  });

  it('for an allow list, counts the hits it would cancel', async () => {
    const result = await t.call('risk.backtest', {
      list: { name: '试用白名单', kind: 'allow', words: [{ word: '退款申请' }] },
    });
    expect(result).toMatchObject({
      mode: 'cancels',
      hitMessages: 2,
      hits: 2,
      words: [{ word: '退款', count: 2 }],
    });
  });
});

describe('connections', () => {
  it('checks calendar drafts with the workspace lists', () => {
    const checker = riskDraftChecker(t.backend.context);
    expect(checker('本周六读书会，欢迎参加')).toEqual([]);
    expect(checker('兼职刷单，日赚三百')).toContainEqual(
      expect.objectContaining({
        severity: 'critical',
        term: '兼职刷单',
        index: 0,
        length: 4,
        category: 'scam',
      }),
    );
  });

  it('names only engine categories in the starter playbooks’ trigger signals', () => {
    const starters = shippedStarterPlaybooks();
    expect(starters.length).toBeGreaterThan(0);
    const categories = starters.flatMap((starter) =>
      starter.playbook.triggers.flatMap((trigger) => trigger.categories),
    );
    expect(
      categories.filter((category) => !(sensitiveCategories as readonly string[]).includes(category)),
    ).toEqual([]);
  });

  it('keeps the channel word limit equal to the list format’s', () => {
    expect(maxRiskWordLength).toBe(maxWordLength);
  });
});
