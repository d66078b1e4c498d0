/**
 * Every area in light and dark, Chinese and English, on a small demo workspace: no console errors, nothing wider
 * than the window, and a screenshot of each under test-results/screens/gallery-* to look at.
 */
import { describe, expect, it } from 'vitest';
import { colorSchemes, locales } from '../../shared/domain/types';
import { translate } from '../../shared/i18n';
import { expectNoProblems, goTo, useDemoApp } from './helpers';

const screens = [
  { id: 'home', path: '/', heading: 'home.overviewTitle' },
  { id: 'groups', path: '/groups', heading: 'groups.title' },
  { id: 'members', path: '/members', heading: 'members.title' },
  { id: 'messages', path: '/messages', heading: 'messages.title' },
  { id: 'audit', path: '/audit', heading: 'audit.title' },
  { id: 'settings', path: '/settings', heading: 'settings.title' },
] as const;

describe('every screen in both languages and both themes', () => {
  const demoApp = useDemoApp();

  for (const locale of locales) {
    for (const colorScheme of colorSchemes.filter((scheme) => scheme !== 'auto')) {
      it(`${locale}, ${colorScheme}`, async () => {
        const app = demoApp();
        const { page, backend } = app;
        backend.settings.update({ locale, colorScheme });
        await page.reload();
        await page
          .locator(`html[lang="${locale}"][data-mantine-color-scheme="${colorScheme}"]`)
          .waitFor({ state: 'attached' });
        for (const screen of screens) {
          await goTo(page, screen.path);
          const area = page.getByTestId(`screen-${screen.id}`);
          await area.getByRole('heading', { name: translate(locale, screen.heading), exact: true }).waitFor();
          // Lists and tables have their rows, not loading placeholders.
          if (screen.id === 'members') await area.getByTestId('member-name').first().waitFor();
          if (screen.id === 'messages') await area.getByTestId('message-item').first().waitFor();
          if (screen.id === 'groups') await area.getByTestId('group-row').first().waitFor();
          if (screen.id === 'audit') await area.getByTestId('audit-row').first().waitFor();
          if (screen.id === 'settings') await area.getByTestId('schema-version').waitFor();
          const fitsWidth = await page.evaluate<boolean>(
            'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
          );
          expect(fitsWidth, `${screen.id} is wider than the window`).toBe(true);
          await app.screenshot(`gallery-${screen.id}-${locale}-${colorScheme}`);
        }
        expectNoProblems(app);
      });
    }
  }
});
