#!/usr/bin/env node
// Renders icon.svg to icon.png (1024 px, what electron-builder turns into .ico and .icns) with the local
// Chromium through playwright-core. Offline; run again after editing the SVG:
//   node resources/icons/render-png.mjs [path-to-chromium]
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url);
const svg = readFileSync(new URL('icon.svg', here), 'utf8');
const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const browser = await chromium.launch({ executablePath });
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  writeFileSync(new URL('icon.png', here), png);
  console.log(`icon.png written (${png.length} bytes)`);
} finally {
  await browser.close();
}
