/** The material library: templates and insertion into a draft, then saving, finding (pinyin too), tags and deleting. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillTemplate,
  isWebLink,
  materialInsertion,
  normaliseTags,
  type Material,
  type MaterialTag,
} from '../../../shared/domain/calendar/materials';
import type { AuditEntry, Page } from '../../../shared/domain/types';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { callerOf } from './fixtures';

const values = { date: '11月26日', group: '读书会一群', title: '感恩节福利' };

describe('materials in a draft', () => {
  it('fills a template’s placeholders in Chinese or English and leaves unknown or empty ones', () => {
    expect(fillTemplate('【{群名}】{日期} 的 {title}：{奖品} {date}', values)).toBe(
      '【读书会一群】11月26日 的 感恩节福利：{奖品} 11月26日',
    );
    expect(fillTemplate('{标题}', { ...values, title: '  ' })).toBe('{标题}');
    expect(fillTemplate('{ 日期 }{}', values)).toBe('{ 日期 }{}');
  });

  it('puts texts and templates into the text, images on the attachment list, links as description and URL', () => {
    expect(materialInsertion({ kind: 'text', body: '早上好 ☀️', reference: '' }, values)).toEqual({
      text: '早上好 ☀️',
    });
    expect(materialInsertion({ kind: 'template', body: '{群名}的早报', reference: '' }, values)).toEqual({
      text: '读书会一群的早报',
    });
    expect(
      materialInsertion({ kind: 'image', body: '双11 主海报', reference: 'D:\\素材\\双11海报.png' }, values),
    ).toEqual({
      attachment: 'D:\\素材\\双11海报.png',
    });
    expect(
      materialInsertion({ kind: 'link', body: '报名入口', reference: 'https://example.com/a' }, values),
    ).toEqual({
      text: '报名入口\nhttps://example.com/a',
    });
    expect(
      materialInsertion({ kind: 'link', body: ' ', reference: 'https://example.com/a' }, values),
    ).toEqual({
      text: 'https://example.com/a',
    });
  });

  it('keeps tags trimmed and unique and links on http(s)', () => {
    expect(normaliseTags([' 节日 ', '#双11', '节日', 'ＡＢ', 'ab', '', '##'])).toEqual([
      '节日',
      '双11',
      'AB',
    ]);
    expect(isWebLink('https://mp.weixin.qq.com/s/abc')).toBe(true);
    expect(isWebLink('http://example.com')).toBe(true);
    expect(isWebLink('javascript:alert(1)')).toBe(false);
    expect(isWebLink('file:///etc/passwd')).toBe(false);
    expect(isWebLink('mp.weixin.qq.com')).toBe(false);
  });
});

describe('material library through the dispatcher', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  // Reads `dispatch` when called: it is set in beforeAll.
  const call = <T>(channel: string, input?: unknown) => callerOf(dispatch)<T>(channel, input);
  const titles = async (filter: Record<string, unknown>) =>
    (await call<Material[]>('materials.list', filter)).map((material) => material.title);
  let greeting: Material;

  beforeAll(async () => {
    let clock = Date.parse('2026-11-25T04:00:00Z');
    // Each save a minute later, so "newest first" is well defined.
    backend = makeTestBackend({ now: () => (clock += 60_000) });
    dispatch = backend.createDispatch(trustAppOrigin);
    greeting = await call<Material>('materials.save', {
      kind: 'template',
      title: '春节祝福',
      body: '【{群名}】祝大家新春快乐！',
      tags: ['节日', '#春节'],
    });
    await call('materials.save', {
      kind: 'image',
      title: '双11 主海报',
      reference: 'D:\\素材\\双11海报_100%.png',
      tags: ['电商', '节日'],
    });
    await call('materials.save', {
      kind: 'link',
      title: '报名表',
      body: '活动报名入口',
      reference: 'https://example.com/form?a=1',
      tags: ['活动'],
    });
    await call('materials.save', { kind: 'text', title: '早安问候', body: '早上好，今天也要加油哦 ☀️' });
  });
  afterAll(async () => backend.dispose());

  it('lists the newest first and finds by words, pinyin, initials, tag and kind', async () => {
    expect(await titles({})).toEqual(['早安问候', '报名表', '双11 主海报', '春节祝福']);
    expect(await titles({ query: '祝福' })).toEqual(['春节祝福']);
    expect(await titles({ query: 'chunjie' })).toEqual(['春节祝福']);
    expect(await titles({ query: 'CJ' })).toEqual(['春节祝福']);
    // Every term must match: the body's words and a tag.
    expect(await titles({ query: '加油 ☀️' })).toEqual(['早安问候']);
    expect(await titles({ query: '报名 电商' })).toEqual([]);
    // LIKE wildcards are taken literally.
    expect(await titles({ query: '100%' })).toEqual(['双11 主海报']);
    expect(await titles({ query: '%' })).toEqual(['双11 主海报']);
    expect(await titles({ query: '_' })).toEqual(['双11 主海报']);
    expect(await titles({ tag: '节日' })).toEqual(['双11 主海报', '春节祝福']);
    expect(await titles({ tag: '节日', kind: 'template' })).toEqual(['春节祝福']);
    expect(await titles({ query: 'jieri' })).toEqual(['双11 主海报', '春节祝福']);
    expect(await call<MaterialTag[]>('materials.tags')).toEqual([
      { tag: '节日', count: 2 },
      { tag: '春节', count: 1 },
      { tag: '活动', count: 1 },
      { tag: '电商', count: 1 },
    ]);
  });

  it('updates a material, its tags and its search text; deletes it; audits both', async () => {
    const updated = await call<Material>('materials.save', {
      id: greeting.id,
      kind: 'template',
      title: '元旦祝福',
      body: '{群名}：新年快乐！',
      tags: ['节日'],
    });
    expect(updated).toMatchObject({ id: greeting.id, title: '元旦祝福', tags: ['节日'], reference: '' });
    expect(await titles({ query: 'chunjie' })).toEqual([]);
    expect(await titles({ query: 'yuandan' })).toEqual(['元旦祝福']);
    expect((await call<MaterialTag[]>('materials.tags')).find((tag) => tag.tag === '春节')).toBeUndefined();
    await call('materials.delete', { id: greeting.id });
    expect(await titles({ tag: '节日' })).toEqual(['双11 主海报']);
    const audit = await call<Page<AuditEntry>>('audit.list', { limit: 20 });
    const actions = audit.rows.filter((row) => row.entity === 'material').map((row) => row.action);
    expect(actions).toEqual(['delete', 'update', 'create', 'create', 'create', 'create']);
    expect(await dispatch('materials.delete', { id: greeting.id }, trustedSender)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'calendar.errors.materialNotFound' },
    });
  });

  it('refuses a link that is not http(s), an image without a file and an empty text', async () => {
    const issuesOf = async (input: Record<string, unknown>) => {
      const result = await dispatch('materials.save', input, trustedSender);
      expect(result.ok).toBe(false);
      return result.ok ? [] : (result.error.issues ?? []).map((issue) => issue.path);
    };
    expect(await issuesOf({ kind: 'link', title: '坏链接', reference: 'javascript:alert(1)' })).toEqual([
      'reference',
    ]);
    expect(await issuesOf({ kind: 'image', title: '没有文件' })).toEqual(['reference']);
    expect(await issuesOf({ kind: 'text', title: '空文案', body: '   ' })).toEqual(['body']);
    expect(await issuesOf({ kind: 'text', title: '', body: 'x' })).toEqual(['title']);
    expect(await titles({ query: '坏链接' })).toEqual([]);
  });
});
