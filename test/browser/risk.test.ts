import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOfInstant, instantOfDay } from '../../shared/domain/health/days';
import { translate } from '../../shared/i18n';
import { startApp, type AppUnderTest } from '../support/browserHarness';
import { chooseOption, expectNoProblems, fitsWidth, goTo, loadSmallDemo, useBrowser } from './helpers';

const count = (app: AppUnderTest, sql: string, ...params: unknown[]) =>
  app.backend.context.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

describe('risk monitor', () => {
  const browser = useBrowser();
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp(browser(), { prepare: loadSmallDemo, viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => app?.close());

  it('scans the demo, then confirms one hit and dismisses another with its allow phrase', async () => {
    const { page } = app;
    await goTo(page, '/risk');
    const screen = page.getByTestId('screen-risk');
    await screen.getByRole('heading', { name: '风险监控' }).waitFor();
    await screen.getByTestId('risk-scan-pending').filter({ hasText: '条消息待扫描' }).waitFor();
    await screen.getByText('没有待复核的命中').waitFor();

    await screen.getByTestId('risk-start-scan').click();
    await screen
      .getByTestId('risk-scan-pending')
      .filter({ hasText: '所有消息都已按当前词表扫描' })
      .waitFor({ timeout: 60_000 });
    await page.getByText('「扫描风险消息」已完成').waitFor();
    const open = count(app, "SELECT count(*) FROM risk_hits WHERE status = 'open'");
    expect(open).toBeGreaterThan(5);
    await screen
      .getByTestId('risk-queue-total')
      .filter({ hasText: open.toLocaleString('en-US') })
      .waitFor();
    const cards = screen.getByTestId('risk-hit');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(Math.min(20, open));
    // The message is shown in its context with the hit highlighted.
    expect(await cards.first().getByTestId('risk-mark').count()).toBeGreaterThan(0);
    expect(await fitsWidth(page)).toBe(true);
    await app.screenshot('risk-queue-zh-CN-light');

    // Confirm an ad: the sender's ledger gets a violation citing the message.
    await chooseOption(page, 'risk-category-filter', '广告引流');
    // Once the filtered list has arrived (the category on a card), one of its cards pinned by id: `first()` is
    // looked up again at each use.
    const firstAd = screen
      .locator('[data-testid="risk-hit"][data-category="ads"]')
      .filter({ hasText: '发送者：' })
      .first();
    await firstAd.waitFor();
    const adId = Number(await firstAd.getAttribute('data-hit-id'));
    const ad = page.locator(`[data-testid="risk-hit"][data-hit-id="${adId}"]`);
    const violationsBefore = count(app, 'SELECT count(*) FROM violations');
    await ad.getByTestId('risk-confirm').click();
    await page.getByText(/已确认 1 条；记入 1 条违规/).waitFor();
    await page.locator(`[data-testid="risk-hit"][data-hit-id="${adId}"]`).waitFor({ state: 'detached' });
    expect(count(app, 'SELECT count(*) FROM violations')).toBe(violationsBefore + 1);
    expect(count(app, 'SELECT violation_id IS NOT NULL FROM risk_hits WHERE id = ?', adId)).toBe(1);

    // Dismiss a refund question as a false positive, allowing the phrase it suggests.
    await chooseOption(page, 'risk-category-filter', '投诉');
    const firstRefund = screen
      .locator('[data-testid="risk-hit"][data-category="complaint"]')
      .filter({ has: page.getByTestId('risk-dismiss-allow') })
      .first();
    await firstRefund.waitFor();
    const refundId = Number(await firstRefund.getAttribute('data-hit-id'));
    const refund = page.locator(`[data-testid="risk-hit"][data-hit-id="${refundId}"]`);
    const allowButton = refund.getByTestId('risk-dismiss-allow');
    const phrase = /「(.+)」/.exec((await allowButton.textContent()) ?? '')![1]!;
    await allowButton.click();
    await page.getByText(new RegExp(`白名单新增「${phrase}」`)).waitFor();
    expect(count(app, "SELECT status = 'dismissed' FROM risk_hits WHERE id = ?", refundId)).toBe(1);
    expect(count(app, 'SELECT count(*) FROM risk_allow_phrases WHERE phrase = ?', phrase)).toBe(1);
    // The lists changed, so every message is due for a scan again.
    await screen.getByTestId('risk-scan-pending').filter({ hasText: '条消息待扫描' }).waitFor();
    await app.screenshot('risk-queue-decided-zh-CN-light');

    // The decided hits are under their own filters.
    await page.getByTestId('risk-status-filter').getByText('已确认').click();
    await chooseOption(page, 'risk-category-filter', '广告引流');
    await page.locator(`[data-testid="risk-hit"][data-hit-id="${adId}"][data-status="confirmed"]`).waitFor();

    // Hits per day: the last 30 days (UTC+8) without the dismissed false positive.
    const today = dayOfInstant(Date.now());
    const counted = count(
      app,
      "SELECT count(*) FROM risk_hits WHERE status <> 'dismissed' AND sent_at >= ? AND sent_at < ?",
      instantOfDay(today - 29),
      instantOfDay(today + 1),
    );
    expect(counted).toBeGreaterThan(0);
    await page.getByTestId('risk-tab-trend').click();
    await page
      .getByTestId('risk-trend-total')
      .filter({ hasText: `共 ${counted.toLocaleString('en-US')} 处命中` })
      .waitFor();
    expect(
      await page.getByTestId('risk-trend-chart').locator('.recharts-bar-rectangle').count(),
    ).toBeGreaterThan(0);
    await app.screenshot('risk-trend-zh-CN-light');
    expectNoProblems(app);
  });

  it('highlights hits as you type in the check box', async () => {
    const { page } = app;
    await goTo(page, '/risk/check');
    const input = page.getByTestId('risk-check-input');
    await input.waitFor();
    await input.fill('今晚的读书会七点开始');
    await page.getByTestId('risk-check-count').filter({ hasText: '未发现风险' }).waitFor();
    await input.fill('加我微信领资料，兼职刷单日赚300，电话 138 1234 5678');
    await page
      .getByTestId('risk-check-count')
      .filter({ hasText: /处命中/ })
      .waitFor();
    const preview = page.getByTestId('risk-check-preview');
    const categories = await preview
      .getByTestId('risk-mark')
      .evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-category')));
    expect(new Set(categories)).toEqual(new Set(['ads', 'scam', 'privacy']));
    expect(await preview.textContent()).toBe('加我微信领资料，兼职刷单日赚300，电话 138 1234 5678');
    await preview.getByTestId('risk-mark').filter({ hasText: '138' }).hover();
    await page.getByRole('tooltip').getByText('手机号', { exact: false }).waitFor();
    await page.getByTestId('risk-check-hits').getByText('兼职刷单', { exact: true }).first().waitFor();
    await app.screenshot('risk-check-zh-CN-light');

    // A homophone of a flagged word (威信 for 微信) and a street address (the privacy detector).
    const text = '有事加我威信，快递寄到幸福路128号3栋2单元就行';
    await input.fill(text);
    const address = '幸福路128号3栋2单元';
    await preview.getByTestId('risk-mark').filter({ hasText: address }).waitFor();
    expect(await preview.textContent()).toBe(text);
    const marks = await preview
      .getByTestId('risk-mark')
      .evaluateAll((found) => found.map((mark) => [mark.textContent, mark.getAttribute('data-category')]));
    expect(marks).toEqual([
      ['加我威信', 'ads'],
      [address, 'privacy'],
    ]);
    const table = page.getByTestId('risk-check-hits');
    const homophoneRow = table.getByRole('row').filter({ hasText: '加我威信' });
    await homophoneRow.getByText('谐音', { exact: true }).waitFor();
    await homophoneRow.getByText('加我微信', { exact: true }).waitFor();
    await table.getByRole('row').filter({ hasText: address }).getByText('住址', { exact: true }).waitFor();
    await app.screenshot('risk-check-homophone-address-zh-CN-light');
    expectNoProblems(app);
  });

  it('edits a list with a back-test before saving, and refuses a bad list file clearly', async () => {
    const { page } = app;
    await goTo(page, '/risk/lists');
    const rows = page.getByTestId('risk-list-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(7);
    await app.screenshot('risk-lists-zh-CN-light');

    await page.getByTestId('risk-new-list').click();
    // The normalisation switches include reversed words and homophones, on by default for flagged words.
    await page.getByText('显示归一化选项').click();
    for (const name of ['倒序匹配（词语标记 reverse 时）', '谐音匹配（词语标记 homophone 时）']) {
      const toggle = page.getByRole('switch', { name });
      await toggle.waitFor();
      expect(await toggle.isChecked()).toBe(true);
    }
    await page.waitForTimeout(300); // the options unfold; let them finish before the screenshot
    await app.screenshot('risk-editor-options-zh-CN-light');
    await page.getByTestId('risk-list-name').fill('售后关键词');
    await page.getByTestId('risk-list-words').fill('到账\n退款申请\n快递');
    await page.getByTestId('risk-word-count').filter({ hasText: '3 个词' }).waitFor();
    await page.getByTestId('risk-list-save').click();
    const dialog = page.getByRole('dialog', { name: '保存前回测' });
    await dialog
      .getByTestId('risk-backtest-summary')
      .filter({ hasText: /过去 30 天会命中 \d+ 条消息/ })
      .waitFor();
    await page.waitForTimeout(300); // the dialog fades in; let it finish before the screenshot
    await app.screenshot('risk-backtest-zh-CN-light');
    await dialog.getByTestId('risk-list-save-confirm').click();
    await page.locator('[data-testid="risk-list-row"][data-list-name="售后关键词"]').waitFor();

    await page.getByTestId('risk-import-list').click();
    await page.getByTestId('risk-import-pick').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('risk-import-pick').click();
    await (
      await chooser
    ).setFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('word,category\n好词,奇怪分类\n'),
    });
    await page.getByTestId('risk-import-file').filter({ hasText: 'broken.csv' }).waitFor();
    await page.getByTestId('risk-import-submit').click();
    await page
      .getByTestId('risk-import-error')
      .filter({ hasText: '第 2 行的分类「奇怪分类」无法识别' })
      .waitFor();
    await app.screenshot('risk-import-error-zh-CN-light');
    expect(count(app, "SELECT count(*) FROM risk_lists WHERE name = 'broken'")).toBe(0);
    await page.keyboard.press('Escape');
    expectNoProblems(app);
  });

  it('reads right in both languages and both themes without horizontal overflow', async () => {
    const { page, backend } = app;
    const screens = [
      { name: 'queue', path: '/risk/queue', ready: 'risk-hit' },
      { name: 'trend', path: '/risk/trend', ready: 'risk-trend-chart' },
      { name: 'check', path: '/risk/check', ready: 'risk-check-input' },
      { name: 'lists', path: '/risk/lists', ready: 'risk-list-row' },
      { name: 'editor', path: '/risk/lists/1', ready: 'risk-list-words' },
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
            .getByTestId('screen-risk')
            .getByRole('heading', { name: translate(locale, 'riskUi.title') })
            .waitFor();
          await page.getByTestId(screen.ready).first().waitFor();
          if (screen.name === 'editor') {
            await page.getByTestId('risk-word-count').filter({ hasText: /[1-9]/ }).waitFor();
          }
          if (screen.name === 'check') {
            await page.getByTestId('risk-check-input').fill(translate(locale, 'riskUi.check.example'));
            await page.getByTestId('risk-check-preview').getByTestId('risk-mark').first().waitFor();
          }
          expect(await fitsWidth(page), `${screen.name} ${locale} ${colorScheme}`).toBe(true);
          await app.screenshot(`risk-${screen.name}-${locale}-${colorScheme}`);
        }
      }
    }
    await page.getByTestId('nav-risk').getByText(translate('en', 'nav.risk')).waitFor();
    backend.settings.update({ locale: 'zh-CN', colorScheme: 'light' });
    expectNoProblems(app);
  });
});
