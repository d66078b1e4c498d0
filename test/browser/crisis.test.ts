/**
 * 危机应对 in Chromium against the real backend: the starter playbooks, a playbook's detail, template preview and
 * copy, the JSON editor with the backend's per-field issues, an incident from open to review, a drill to its score
 * card (and the honest clock after a reload), a prevention check, and every screen in both languages and themes.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertGroup } from '../../electron/main/db/repositories/groups';
import { addGroupMember, insertMember } from '../../electron/main/db/repositories/members';
import { prepareMessageInsert } from '../../electron/main/db/repositories/messages';
import { finishDrill, startDrill } from '../../electron/main/services/crisisDrills';
import type { Backend } from '../../electron/main/backend';
import type { DrillDetail, IncidentDetail } from '../../shared/domain/crisis/views';
import { translate } from '../../shared/i18n';
import { startApp, type AppUnderTest } from '../support/browserHarness';
import { trustAppOrigin, trustedSender } from '../support/tempWorkspace';
import { chooseOption, expectNoProblems, fitsWidth, goTo, useBrowser } from './helpers';

const groupName = '宝妈答疑群';

async function backendCall<T>(backend: Backend, channel: string, input: unknown): Promise<T> {
  const result = await backend.createDispatch(trustAppOrigin)(channel, input, trustedSender);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The id at the end of the current hash route, e.g. `#/crisis/incidents/3` → 3. */
function idFromUrl(page: Page): number {
  return Number(/\/(\d+)$/.exec(new URL(page.url()).hash)?.[1]);
}

describe('crisis playbooks, incidents and drills', () => {
  const browser = useBrowser();
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startApp(browser(), {
      prepare: (backend) => {
        const now = Date.now();
        const db = backend.workspace.db;
        const groupId = insertGroup(
          db,
          { name: groupName, type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
          now,
        );
        // One spammer and the ad they posted, to link as evidence.
        const memberId = insertMember(db, { displayName: '新人_8823', wxid: null, joinChannel: null }, now);
        addGroupMember(db, {
          groupId,
          memberId,
          role: 'member',
          groupNickname: null,
          joinedAt: now - 60_000,
        });
        prepareMessageInsert(db)({
          groupId,
          memberId,
          senderName: '新人_8823',
          sentAt: now - 30_000,
          kind: 'text',
          content: '日结兼职动动手指每天 300+，加我好友了解',
          fingerprint: 'crisis-test-ad',
          importId: null,
        });
        insertGroup(
          backend.workspace.db,
          { name: '读书会', type: 'content', positioning: '', coreGoal: '', memberCap: 300 },
          now,
        );
      },
    });
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(app.page.url()).origin,
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists the five starters and shows a playbook with steps, templates and versions', async () => {
    const { page } = app;
    await goTo(page, '/crisis');
    const cards = page.getByTestId('playbook-card');
    await cards.nth(4).waitFor();
    expect(await cards.count()).toBe(5);
    const titles = await page.getByTestId('playbook-card-title').allTextContents();
    expect(titles.sort()).toEqual(
      [
        '信息泄露应急预案',
        '广告骚扰应急预案',
        '舆论危机应急预案',
        '数据丢失应急预案',
        '竞品链接误发应急预案',
      ].sort(),
    );
    // Severity levels come from each definition: 舆论危机 has four.
    await cards.filter({ hasText: '舆论危机应急预案' }).getByText('重大').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-flow-library-zh-CN-light');

    // The risk-type filter.
    const chip = (label: string) => page.locator('label').filter({ hasText: new RegExp(`^${label}$`) });
    await chip('广告骚扰').click();
    await expect.poll(() => cards.count()).toBe(1);
    await chip('全部').click();
    await expect.poll(() => cards.count()).toBe(5);

    await cards.filter({ hasText: '广告骚扰应急预案' }).getByTestId('open-playbook').click();
    const detail = page.getByTestId('playbook-detail');
    await detail.getByRole('heading', { name: '广告骚扰应急预案' }).waitFor();
    const mute = detail.getByTestId('playbook-step').filter({ hasText: '即时禁言或移出' });
    expect(await mute.getByTestId('step-target').textContent()).toBe('1 分钟内');
    expect(await mute.getByText('当值管理员').count()).toBe(1);
    expect(await detail.getByTestId('stage').count()).toBe(3);
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-flow-playbook-zh-CN-light');

    // Template preview: unfilled placeholders show as 【…】; filled ones are rendered by the backend.
    await detail.getByTestId('detail-tab-templates').click();
    const warn = detail.getByTestId('template-card').filter({ hasText: '私信警告违规者' });
    await warn
      .getByTestId('template-preview')
      .getByText(/【群规条款】/)
      .waitFor();
    await warn.getByTestId('placeholder-群规条款').fill('3');
    await warn
      .getByTestId('template-preview')
      .getByText(/见群公告第 3 条/)
      .waitFor();
    await warn.getByTestId('copy-template').click();
    await page.getByText('已复制到剪贴板').first().waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toContain('见群公告第 3 条');
    expect(copied).toContain('【群名】');
    await warn.scrollIntoViewIfNeeded();
    await app.screenshot('crisis-flow-templates-zh-CN-light');

    await detail.getByTestId('detail-tab-versions').click();
    expect(await detail.getByTestId('version-row').count()).toBe(1);
  });

  it('edits a playbook as JSON and imports one: per-field issues from the backend, then new versions', async () => {
    const { page, backend } = app;
    const playbooks = await backendCall<{ id: number; key: string }[]>(backend, 'playbooks.list', {});
    const adSpam = playbooks.find((playbook) => playbook.key === 'ad-spam')!;
    await goTo(page, `/crisis/playbooks/${adSpam.id}`);
    await page.getByTestId('edit-playbook').click();
    const editor = page.getByTestId('playbook-json');
    await expect.poll(() => editor.inputValue()).toContain('"key": "ad-spam"');
    const original = await editor.inputValue();

    // An unknown role: refused, nothing stored, the issue names the field and selects it in the text.
    await editor.fill(original.replace('"ownerRole": "admin"', '"ownerRole": "pr"'));
    await page.getByTestId('save-playbook').click();
    const issue = page.getByTestId('playbook-issue').filter({ hasText: '角色「pr」未在「角色」中定义' });
    await issue.waitFor();
    expect(await issue.textContent()).toContain('应对阶段 #1 › 步骤 #1 › 负责角色');
    const selected = await editor.evaluate((element) => {
      const area = element as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selected).toBe('"ownerRole": "pr"');
    await app.screenshot('crisis-flow-editor-issues-zh-CN-light');
    const stillOne = await backendCall<{ versions: unknown[] }>(backend, 'playbooks.get', { id: adSpam.id });
    expect(stillOne.versions).toHaveLength(1);

    // Broken JSON is caught before it is sent.
    await editor.fill(original.replace('"riskType": "ad_spam",', '"riskType": "ad_spam"'));
    await page.getByTestId('save-playbook').click();
    await page
      .getByTestId('playbook-issues')
      .getByText(/不是有效的 JSON：第 \d+ 行/)
      .waitFor();

    await editor.fill(original.replace('"name": "广告骚扰应急预案"', '"name": "广告骚扰应急预案（修订）"'));
    await page.getByTestId('playbook-note').fill('改名测试');
    await page.getByTestId('save-playbook').click();
    await page.getByText('已保存为第 2 版').waitFor();
    const detail = page.getByTestId('playbook-detail');
    await detail.getByRole('heading', { name: '广告骚扰应急预案（修订）' }).waitFor();
    await detail.getByTestId('detail-tab-versions').click();
    await expect.poll(() => detail.getByTestId('version-row').count()).toBe(2);
    await detail.getByTestId('version-row').filter({ hasText: '改名测试' }).waitFor();

    // The older version can still be viewed, and exported as a file (once the toast no longer covers the row).
    await page.getByText('已保存为第 2 版').waitFor({ state: 'hidden' });
    await detail.getByTestId('version-row').filter({ hasText: '第 1 版' }).getByRole('button').click();
    await page.getByTestId('old-version').waitFor();
    await detail.getByRole('heading', { name: '广告骚扰应急预案', exact: true }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByTestId('export-playbook').click();
        await page.getByTestId('export-download-json').click();
      })(),
    ]);
    expect(download.suggestedFilename()).toBe('ad-spam-v1.json');
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      version: number;
      playbook: { name: string };
    };
    expect(exported).toMatchObject({ version: 1, playbook: { name: '广告骚扰应急预案' } });

    // Import: a bad paste names its problem; an exported Markdown under a new key becomes a new playbook.
    const dataLoss = playbooks.find((playbook) => playbook.key === 'data-loss')!;
    const markdown = await backendCall<{ content: string }>(backend, 'playbooks.export', {
      id: dataLoss.id,
      format: 'md',
    });
    await goTo(page, '/crisis/playbooks');
    await page.getByTestId('import-playbook').click();
    await page.getByTestId('import-content').fill('{"key": "Bad Key"}');
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-playbook-form').getByTestId('playbook-issue').first().waitFor();
    expect(
      await page.getByTestId('import-playbook-form').getByTestId('playbook-issue').allTextContents(),
    ).toContain('标识：只能使用小写字母、数字、- 和 _，以字母或数字开头，最多 40 个字符');
    await page
      .getByTestId('import-content')
      .fill(
        markdown.content
          .replace('# 数据丢失应急预案', '# 数据丢失应急预案（门店群）')
          .replace('- 标识：`data-loss`', '- 标识：`data-loss-store`'),
      );
    await page.getByTestId('import-submit').click();
    await page.getByText('已导入新预案「数据丢失应急预案（门店群）」').waitFor();
    await page
      .getByTestId('playbook-detail')
      .getByRole('heading', { name: '数据丢失应急预案（门店群）' })
      .waitFor();
    await page.getByTestId('playbook-detail').getByText('导入', { exact: true }).waitFor();
    expectNoProblems(app);
  });

  it('runs an incident: open, tick a step, send a message, note, close with a review', async () => {
    const { page, backend } = app;
    await goTo(page, '/crisis/playbooks');
    await page
      .getByTestId('playbook-card')
      .filter({ hasText: '广告骚扰应急预案（修订）' })
      .getByTestId('card-open-incident')
      .click();
    const form = page.getByTestId('open-incident-form');
    await form.getByText('开始事件').first().waitFor();
    await chooseOption(page, 'incident-group', groupName);
    await chooseOption(page, 'incident-severity', '严重');
    await page.getByTestId('open-incident-submit').click();

    const incidentPage = page.getByTestId('incident-page');
    await incidentPage.waitFor();
    await incidentPage.getByRole('heading', { name: `广告骚扰应急预案（修订） · ${groupName}` }).waitFor();
    const id = idFromUrl(page);
    expect(await page.getByTestId('incident-severity-badge').textContent()).toBe('级别：严重');
    expect(await page.getByTestId('incident-stage').textContent()).toBe('制止（3 分钟内）');

    // The clock ticks between backend answers.
    const clock = page.getByTestId('incident-clock');
    const first = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 4000 }).not.toBe(first);

    const mute = page.locator('[data-testid="run-step"][data-step="mute"]');
    expect(await mute.getAttribute('data-status')).toBe('todo');
    expect(await mute.getByTestId('step-timing').textContent()).toMatch(/^还剩 0:\d\d$/);
    await mute.getByTestId('step-done').click();
    await page.locator('[data-testid="run-step"][data-step="mute"][data-status="done"]').waitFor();
    expect(await mute.getAttribute('data-sla')).toBe('on_time');
    expect(await mute.getByTestId('step-sla').textContent()).toBe('按时');

    // Skip asks for a reason.
    const evidence = page.locator('[data-testid="run-step"][data-step="evidence"]');
    await evidence.getByTestId('step-skip').click();
    await page.getByTestId('skip-reason').fill('已由群主截图');
    await page.getByTestId('skip-confirm').click();
    await page.locator('[data-testid="run-step"][data-step="evidence"][data-status="skipped"]').waitFor();

    // The step's template opens the composer; the incident fills 群名, the moderator the rest.
    await page.locator('[data-testid="run-step"][data-step="dm-warn"]').getByTestId('step-write').click();
    const message = page.getByTestId('message-form');
    await message.getByText('请先填写：违反的群规条款编号').waitFor();
    // The text shows at once, the missing value marked; it cannot go out with the marker in it.
    const text = page.getByTestId('message-text');
    await expect.poll(() => text.inputValue()).toContain('【群规条款】');
    expect(await page.getByTestId('message-copy').isDisabled()).toBe(true);
    await page.getByTestId('message-value-群规条款').fill('5');
    await expect.poll(() => text.inputValue()).toContain('见群公告第 5 条');
    expect(await text.inputValue()).toContain(`「${groupName}」`);
    await app.screenshot('crisis-flow-message-zh-CN-light');
    await page.getByTestId('message-copy').click();
    await expect
      .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
      .toContain('见群公告第 5 条');
    await page.getByTestId('message-record').click();
    await message.waitFor({ state: 'hidden' });
    const timeline = page.getByTestId('run-timeline');
    await timeline.locator('[data-kind="message_sent"]').getByText('发出消息「私信警告违规者」').waitFor();

    await page.getByTestId('note-kind').getByText('决定').click();
    await page.getByTestId('note-text').fill('先禁言，明早追查入群二维码');
    await page.getByTestId('note-add').click();
    await timeline.locator('[data-kind="decision"]').getByText('先禁言，明早追查入群二维码').waitFor();

    await page.getByTestId('link-evidence').click();
    await page.getByTestId('evidence-search').fill('日结兼职');
    await page.getByTestId('evidence-candidate').filter({ hasText: '新人_8823' }).waitFor();
    expect(await page.getByTestId('evidence-candidate').count()).toBe(1);
    await page.getByTestId('evidence-note').fill('刷屏广告原文');
    await page.getByTestId('evidence-link').click();
    await timeline
      .locator('[data-kind="evidence_linked"]')
      .getByText(/新人_8823：日结兼职/)
      .waitFor();

    await page.getByTestId('change-severity').click();
    await chooseOption(page, 'severity-select', '较重');
    await page.getByTestId('severity-submit').click();
    await page.getByTestId('incident-severity-badge').filter({ hasText: '级别：较重' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-flow-incident-zh-CN-light');

    // Close with the review, which starts from the backend's draft.
    await page.getByTestId('close-incident').click();
    const review = page.getByTestId('close-incident-form');
    await review.getByText('结束事件并复盘').waitFor();
    expect(await page.getByTestId('review-what-worked').inputValue()).toMatch(/个步骤按时完成/);
    expect(await page.getByTestId('review-what-to-change').inputValue()).toContain('「截图留证」被跳过');
    await page.getByTestId('review-what-happened').fill('新号入群刷兼职广告，5 分钟内禁言并私信警告。');
    await page.getByTestId('follow-up-text').fill('更换入群二维码');
    await page.getByTestId('follow-up-owner').fill('运营负责人');
    await app.screenshot('crisis-flow-review-zh-CN-light');
    await page.getByTestId('review-submit').click();
    await page.locator('[data-testid="incident-page"][data-status="closed"]').waitFor();
    await page.getByTestId('incident-review').getByText('更换入群二维码（运营负责人）').waitFor();
    expect(await page.getByTestId('step-done').count()).toBe(0);
    expect(
      await page
        .locator('[data-testid="run-step"][data-step="recall"]')
        .getByTestId('step-sla')
        .textContent(),
    ).toBe('未完成');

    // The printable report (print / Save as PDF) is all that shows in print media, whatever the theme.
    expect(await page.getByTestId('incident-print').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    const printed = page.getByTestId('incident-print');
    await printed.getByText('更换入群二维码（运营负责人）').waitFor();
    expect(await page.getByTestId('incident-page').isVisible()).toBe(false);
    await app.screenshot('crisis-flow-incident-print');
    await page.emulateMedia({ media: 'screen' });

    const stored = await backendCall<IncidentDetail>(backend, 'incidents.get', { id });
    expect(stored.status).toBe('closed');
    expect(stored.groupName).toBe(groupName);
    expect(stored.playbookVersion).toBe(2);
    expect(stored.review?.followUps).toEqual([{ text: '更换入群二维码', owner: '运营负责人' }]);
    const kinds = stored.events.map((event) => event.kind);
    expect(kinds).toEqual([
      'detected',
      'step_done',
      'step_skipped',
      'message_sent',
      'decision',
      'evidence_linked',
      'severity_changed',
      'closed',
    ]);
    expect(stored.events.find((event) => event.kind === 'message_sent')).toMatchObject({
      templateId: 'dm-warn',
      channel: 'private_message',
    });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByTestId('export-incident').click();
        await page.getByTestId('export-download-md').click();
      })(),
    ]);
    const markdown = readFileSync(await download.path(), 'utf8');
    expect(markdown).toContain('更换入群二维码');
    expect(markdown).toContain('见群公告第 5 条');

    await goTo(page, '/crisis/incidents');
    await page.getByTestId('incident-row').filter({ hasText: '已结束' }).waitFor();
    expectNoProblems(app);
  });

  it('runs a drill to its score card, and resumes a drill honestly after a reload', async () => {
    const { page, backend } = app;
    // Someone whose last drill was 40 days ago, run through the services on a clock set back.
    const playbooks = await backendCall<{ id: number; key: string }[]>(backend, 'playbooks.list', {});
    const infoLeak = playbooks.find((playbook) => playbook.key === 'info-leak')!;
    const past = Date.now() - 40 * 24 * 3600 * 1000;
    const pastContext = { ...backend.context, now: () => past };
    const old = startDrill(
      pastContext,
      { playbookId: infoLeak.id, scenarioId: 'order-screenshot', participant: '老张' },
      'zh-CN',
    );
    finishDrill({ ...pastContext, now: () => past + 600_000 }, old.id, 'zh-CN');

    await goTo(page, '/crisis/drills');
    await page.getByTestId('drills-overdue').getByText(/老张/).waitFor();
    expect(
      await page.getByTestId('overview-row').filter({ hasText: '老张' }).getAttribute('data-overdue'),
    ).toBe('true');
    await page.getByTestId('new-drill').click();
    await chooseOption(page, 'drill-playbook', '广告骚扰应急预案（修订）');
    await expect.poll(() => page.getByTestId('drill-scenario').inputValue()).toBe('深夜刷屏广告');
    await page.getByTestId('drill-participant').fill('小王');
    await page.getByTestId('start-drill-submit').click();

    const drillPage = page.getByTestId('drill-page');
    await drillPage.waitFor();
    const id = idFromUrl(page);
    // The first inject is at 0 s, the next at 5 s: it appears on its own, with a countdown before.
    await page.getByTestId('drill-inject').first().waitFor();
    expect(await page.getByTestId('next-inject').textContent()).toMatch(/^0:0[1-5]$/);
    await expect.poll(() => page.getByTestId('drill-inject').count(), { timeout: 8000 }).toBe(2);

    await page.locator('[data-testid="run-step"][data-step="mute"]').getByTestId('step-done').click();
    await page.locator('[data-testid="run-step"][data-step="mute"][data-status="done"]').waitFor();

    await page.locator('[data-testid="run-step"][data-step="dm-warn"]').getByTestId('step-write').click();
    await page.getByTestId('drill-use-template').click();
    const composer = page.getByTestId('drill-message-text');
    await expect.poll(() => composer.inputValue()).toContain('撤回');
    await page.getByTestId('drill-send').click();
    await page.getByTestId('drill-sent').first().waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-flow-drill-zh-CN-light');

    await page.getByTestId('drill-pause').click();
    await page.getByTestId('drill-paused').waitFor();
    expect(await page.getByTestId('step-done').count()).toBe(0);
    await page.getByTestId('drill-resume').click();
    await page.getByTestId('drill-pause').waitFor();

    await page.getByTestId('drill-finish').click();
    await page.getByTestId('finish-drill-submit').click();
    const card = page.getByTestId('score-card');
    await card.waitFor();
    const stored = await backendCall<DrillDetail>(backend, 'drills.get', { id });
    expect(stored.status).toBe('finished');
    expect(Number(await page.getByTestId('score-total').textContent())).toBe(stored.score);
    expect(await page.getByTestId('score-step').count()).toBe(8);
    expect(await page.locator('[data-testid="score-step"][data-outcome="on_time"]').count()).toBe(1);
    const grade = page.getByTestId('message-grade');
    expect(await grade.count()).toBe(1);
    await grade.getByText('100%').waitFor();
    await page.getByTestId('review-to-improve').getByText('「截图留证」未完成').waitFor();
    expect(stored.events.map((event) => event.kind)).toContain('paused');
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-flow-score-zh-CN-light');

    await goTo(page, '/crisis/drills');
    const row = page.getByTestId('overview-row').filter({ hasText: '小王' });
    await row.waitFor();
    expect(await row.getAttribute('data-overdue')).toBe('false');
    await page.getByTestId('history-row').filter({ hasText: '深夜刷屏广告' }).waitFor();
    await app.screenshot('crisis-flow-drills-zh-CN-light');

    // A second drill, interrupted by a reload: the gap since its last activity is recorded as a pause, once.
    await page.getByTestId('new-drill').click();
    await chooseOption(page, 'drill-playbook', '数据丢失应急预案');
    await page.getByTestId('drill-participant').fill('小李');
    await page.getByTestId('start-drill-submit').click();
    await page.getByTestId('drill-page').waitFor();
    const secondId = idFromUrl(page);
    const pauses = async () =>
      (await backendCall<DrillDetail>(backend, 'drills.get', { id: secondId })).events.filter(
        (event) => event.kind === 'paused',
      );
    await goTo(page, '/crisis/drills');
    await page.getByTestId('running-drills').waitFor();
    await goTo(page, `/crisis/drills/${secondId}`);
    await page.getByTestId('drill-clock').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await pauses()).toHaveLength(0);
    await page.reload();
    await page.getByTestId('drill-clock').waitFor();
    await expect.poll(async () => (await pauses()).length).toBe(1);
    expect((await pauses())[0]?.text).toBe(translate('zh-CN', 'crisis.pauseReasons.interrupted'));
    await goTo(page, '/crisis/drills');
    await goTo(page, `/crisis/drills/${secondId}`);
    await page.getByTestId('drill-clock').waitFor();
    await page.getByTestId('run-timeline').or(page.getByTestId('drill-chat')).first().waitFor();
    expect(await pauses()).toHaveLength(1);
    await page.getByTestId('drill-finish').click();
    await page.getByTestId('finish-drill-submit').click();
    await page.getByTestId('score-card').waitFor();
    expectNoProblems(app);
  });

  it('records a prevention check per group, and the activity log names crisis changes', async () => {
    const { page } = app;
    await goTo(page, '/crisis/prevention');
    await expect.poll(() => page.getByTestId('prevention-group').inputValue()).toBe(groupName);
    const row = page.locator('[data-testid="prevention-row"][data-measure="anti-flood"]');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('never');
    await row.getByTestId('prevention-check').click();
    await page.getByTestId('check-status-gap').click();
    await page.getByTestId('check-note').fill('群规里还没写刷屏处理');
    await page.getByTestId('check-submit').click();
    await page
      .locator('[data-testid="prevention-row"][data-measure="anti-flood"][data-state="gap"]')
      .waitFor();
    await row.getByText('群规里还没写刷屏处理').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-flow-prevention-zh-CN-light');

    // Every crisis change is in the activity log, in words.
    await goTo(page, '/audit');
    const audit = page.getByTestId('audit-table');
    await audit
      .getByText(/^预防检查/)
      .first()
      .waitFor();
    await audit
      .getByText(/^危机事件/)
      .first()
      .waitFor();
    await audit
      .getByText(/^危机演练/)
      .first()
      .waitFor();
    expectNoProblems(app);
  });

  it('opens an incident from a review-queue hit, and suggests one when a trigger signal fires', async () => {
    const { page, backend } = app;
    const db = backend.workspace.db;
    const now = Date.now();
    const insertHit = db.prepare(
      `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list,
         category, severity, action, rule, version, found_at)
       SELECT id, group_id, member_id, sent_at, @start, @end, @text, @text, @list, @category, 'medium', 'recall',
         'literal', 1, @now FROM messages WHERE fingerprint = @fingerprint`,
    );
    // The spammer's ad in the queue, and five complaints within ten minutes in 读书会.
    insertHit.run({
      fingerprint: 'crisis-test-ad',
      start: 0,
      end: 4,
      text: '日结兼职',
      list: '广告引流',
      category: 'ads',
      now,
    });
    const bookClub = db.prepare("SELECT id FROM groups WHERE name = '读书会'").pluck().get() as number;
    const addMessage = prepareMessageInsert(db);
    for (let i = 0; i < 5; i += 1) {
      addMessage({
        groupId: bookClub,
        memberId: null,
        senderName: `读者${i}`,
        sentAt: now - (20 - i * 2) * 60_000,
        kind: 'text',
        content: `我要投诉，这次的书寄错了第 ${i} 回`,
        fingerprint: `crisis-test-complaint-${i}`,
        importId: null,
      });
      insertHit.run({
        fingerprint: `crisis-test-complaint-${i}`,
        start: 1,
        end: 3,
        text: '投诉',
        list: '投诉预警',
        category: 'complaint',
        now,
      });
    }
    backend.events.emit('data.changed', { entities: ['risk'] });

    await goTo(page, '/risk/queue');
    const card = page.getByTestId('risk-hit').filter({ hasText: '日结兼职动动手指' });
    await card.getByTestId('risk-open-incident').click();
    const dialog = page.getByTestId('open-from-hit').getByRole('dialog');
    await dialog.getByTestId('from-hit-message').getByText('日结兼职动动手指').waitFor();
    // The playbook whose triggers count ads is suggested and chosen.
    await expect.poll(() => dialog.getByTestId('from-hit-playbook').inputValue()).toMatch(/广告.*（推荐）$/);
    await dialog.getByText('按命中类别「广告引流」推荐了触发条件相符的预案').waitFor();
    await page.waitForTimeout(300); // the dialog fades in
    await app.screenshot('crisis-from-hit-dialog-zh-CN-light');
    await dialog.getByTestId('from-hit-submit').click();
    await page.getByTestId('run-timeline').waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/crisis\/incidents\/\d+$/);
    const fromHit = await backendCall<IncidentDetail>(backend, 'incidents.get', { id: idFromUrl(page) });
    expect(fromHit).toMatchObject({ groupName, source: { kind: 'review_hit' } });
    const evidence = page.getByTestId('run-timeline').locator('[data-kind="evidence_linked"]');
    await evidence.getByText(/新人_8823：日结兼职/).waitFor();
    expect(await evidence.count()).toBe(2);
    await app.screenshot('crisis-from-hit-incident-zh-CN-light');

    // 建议开启事件: the complaint burst, on the crisis page; nothing opened by itself.
    await goTo(page, '/crisis/incidents');
    const banner = page.getByTestId('incident-suggestions');
    await banner.getByText('建议开启事件（1）').waitFor();
    const suggestion = banner.getByTestId('incident-suggestion');
    await suggestion.getByText('投诉集中出现：10 分钟内 5 次命中').waitFor();
    await suggestion.getByText('· 读书会').waitFor();
    expect(
      db.prepare("SELECT count(*) FROM crisis_incidents WHERE source_kind = 'trigger'").pluck().get(),
    ).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-suggestions-zh-CN-light');
    backend.settings.update({ locale: 'en', colorScheme: 'dark' });
    backend.events.emit('data.changed', { entities: ['settings'] });
    await page.locator('html[lang="en"][data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
    await banner.getByText('Suggested incidents (1)').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('crisis-suggestions-en-dark');
    backend.settings.update({ locale: 'zh-CN', colorScheme: 'light' });
    backend.events.emit('data.changed', { entities: ['settings'] });
    await page
      .locator('html[lang="zh-CN"][data-mantine-color-scheme="light"]')
      .waitFor({ state: 'attached' });
    await suggestion.getByTestId('suggestion-open').click();
    await page.getByTestId('run-timeline').waitFor();
    await page
      .getByTestId('run-timeline')
      .getByText(/触发信号「投诉集中出现」/)
      .waitFor();
    expect(await page.getByTestId('run-timeline').locator('[data-kind="evidence_linked"]').count()).toBe(5);
    await banner.waitFor({ state: 'detached' });
    expectNoProblems(app);
  });

  it('looks right in both languages and both themes, without horizontal overflow', async () => {
    const { page, backend } = app;
    const incidents = await backendCall<{ rows: { id: number }[] }>(backend, 'incidents.list', {});
    const drills = await backendCall<{ rows: { id: number; status: string }[] }>(backend, 'drills.list', {});
    const playbooks = await backendCall<{ id: number; key: string }[]>(backend, 'playbooks.list', {});
    const live = await backendCall<{ id: number }>(backend, 'incidents.open', {
      playbookId: playbooks.find((playbook) => playbook.key === 'opinion-crisis')!.id,
    });
    const screens = [
      { name: 'library', path: '/crisis/playbooks', ready: 'playbook-card' },
      { name: 'playbook', path: '/crisis/playbooks/1', ready: 'playbook-step' },
      { name: 'incident', path: `/crisis/incidents/${incidents.rows[0]!.id}`, ready: 'run-step' },
      { name: 'incident-open', path: `/crisis/incidents/${live.id}`, ready: 'step-done' },
      { name: 'score', path: `/crisis/drills/${drills.rows[0]!.id}`, ready: 'score-step' },
      { name: 'drills', path: '/crisis/drills', ready: 'overview-row' },
      { name: 'prevention', path: '/crisis/prevention', ready: 'prevention-row' },
    ];
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        backend.settings.update({ locale, colorScheme });
        await page.reload();
        await page
          .locator(`html[lang="${locale}"][data-mantine-color-scheme="${colorScheme}"]`)
          .waitFor({ state: 'attached' });
        for (const screen of screens) {
          await goTo(page, screen.path);
          await page
            .getByTestId('screen-crisis')
            .getByRole('heading', { name: translate(locale, 'crisisUi.title') })
            .waitFor();
          await page.getByTestId(screen.ready).first().waitFor();
          expect(await fitsWidth(page), `${screen.name} ${locale} ${colorScheme}`).toBe(true);
          await app.screenshot(`crisis-${screen.name}-${locale}-${colorScheme}`);
        }
      }
    }
    await page.getByTestId('nav-crisis').getByText(translate('en', 'nav.crisis')).waitFor();
    backend.settings.update({ locale: 'zh-CN', colorScheme: 'light' });
    expectNoProblems(app);
  });
});
