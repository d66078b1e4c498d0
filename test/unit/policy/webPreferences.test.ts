import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from '../../../electron/main/policy/webPreferences';

describe('secureWebPreferences', () => {
  // The full table of secure values is asserted in test/static/security.test.ts.
  it('passes the preload path through unchanged', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs').preload).toBe('/app/out/preload/index.cjs');
  });

  it('only lets development open dev tools', () => {
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', {}).devTools).toBe(false);
  });

  it('is frozen so no caller can weaken it', () => {
    const preferences = secureWebPreferences('/p.cjs') as unknown as Record<string, unknown>;
    expect(() => {
      preferences.nodeIntegration = true;
    }).toThrow();
    expect(preferences.nodeIntegration).toBe(false);
  });

  it.each(['', undefined, null, 42])('refuses a missing preload path (%j)', (path) => {
    expect(() => secureWebPreferences(path as unknown as string)).toThrow();
  });
});

describe('mainWindowOptions', () => {
  it('uses the secure preferences, a minimum size, the Chinese title and shows only when ready', () => {
    const options = mainWindowOptions('/p.cjs');
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(options.title).toBe('群管工作台');
    expect(options.show).toBe(false);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.minHeight).toBeGreaterThanOrEqual(600);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight);
  });
});
