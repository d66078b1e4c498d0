import { describe, expect, it } from 'vitest';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, useBrowser } from './helpers';

interface TokenTimes {
  stored?: number;
  load?: number;
}

describe('browser mode access token', () => {
  const browser = useBrowser();

  // A navigation right after the page loads (a bookmark, a test's goTo) used to lose the token: it was taken from
  // the address bar only by the first API call, some 30 ms after the load event.
  it('is taken from the address bar before the page has loaded, so a navigation at once keeps working', async () => {
    const app = await startApp(browser());
    try {
      const page = await app.context.newPage();
      // A string: the test project has no DOM types.
      await page.addInitScript(`
        const times = (window.tokenTimes = {});
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
          if (key === 'qundesk.token') times.stored ??= performance.now();
          setItem.call(this, key, value);
        };
        window.addEventListener('load', () => { times.load = performance.now(); });
      `);
      await page.goto(app.server.url);
      const times = await page.evaluate<TokenTimes>('window.tokenTimes');
      expect(times.stored).toBeDefined();
      expect(times.stored!).toBeLessThan(times.load!);
      expect(page.url()).not.toContain('token=');

      await goTo(page, '/health');
      await page.getByText('还没有可分析的群组').waitFor();
      await page.close();
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
