import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/backend';
import { addQrCode } from '../../electron/main/services/admission';
import { createGroup } from '../../electron/main/services/groups';
import { startApp } from '../support/browserHarness';
import { expectNoHorizontalOverflow, expectNoProblems, goTo, settle, useBrowser } from './helpers';

/** A QR-code-like picture (finder squares, seeded modules) as a real grayscale PNG. */
function qrLikePng(seed: number): Buffer {
  const modules = 25;
  const scale = 8;
  const quiet = 4;
  const size = (modules + 2 * quiet) * scale;
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31 < 0.5 ? 1 : 0);
  const finder = (x: number, y: number) => {
    for (const [fx, fy] of [
      [0, 0],
      [modules - 7, 0],
      [0, modules - 7],
    ] as const) {
      const dx = x - fx;
      const dy = y - fy;
      if (dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7) {
        const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
        return ring === 3 || ring <= 1 ? 1 : 0;
      }
    }
    return null;
  };
  const dark = Array.from({ length: modules }, (_, y) =>
    Array.from({ length: modules }, (_, x) => finder(x, y) ?? random()),
  );
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py += 1) {
    const row = Buffer.alloc(size + 1, 255);
    row[0] = 0;
    const my = Math.floor(py / scale) - quiet;
    for (let px = 0; px < size; px += 1) {
      const mx = Math.floor(px / scale) - quiet;
      if (dark[my]?.[mx] === 1) row[px + 1] = 0;
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let groupId = 0;
function seed(backend: Backend): void {
  const { context } = backend;
  groupId = createGroup(context, {
    name: '宝妈答疑群',
    type: 'service',
    positioning: '',
    coreGoal: '',
    memberCap: 500,
  }).id;
  const hour = 3_600_000;
  addQrCode(context, {
    groupId,
    label: '公众号菜单',
    joinChannel: 'official_account',
    generatedAt: Date.now() - 6 * 24 * hour,
    note: '菜单「加入社群」',
  });
  addQrCode(context, {
    groupId,
    label: '门店海报',
    joinChannel: 'offline',
    generatedAt: Date.now() - 2 * hour,
    note: '',
  });
}

describe('entry QR code images', () => {
  const browser = useBrowser();

  it('attaches a QR image, shows its thumbnail, enlarges it, refuses wrong files, removes it', async () => {
    const app = await startApp(browser(), { prepare: seed });
    const { page, backend } = app;
    const images = () =>
      backend.workspace.db.prepare('SELECT count(*) FROM group_qr_code_images').pluck().get() as number;
    try {
      await goTo(page, `/groups/${groupId}/admission/qrcodes`);
      const menuRow = page.getByTestId('qr-row').filter({ hasText: '公众号菜单' });
      await menuRow.waitFor();

      // A GIF named .png is refused by its bytes, with the reason.
      await menuRow.locator('input[type="file"]').setInputFiles({
        name: 'qr.png',
        mimeType: 'image/png',
        buffer: Buffer.from('GIF89a\x01\x00\x01\x00'),
      });
      await page.getByText('只能上传 PNG 或 JPEG 图片').waitFor();
      // Over the limit: refused before it is sent, with the size.
      await menuRow.locator('input[type="file"]').setInputFiles({
        name: 'big.png',
        mimeType: 'image/png',
        buffer: Buffer.concat([qrLikePng(1), Buffer.alloc(1024 * 1024)]),
      });
      await page.getByText(/超过了 1024 KB 的上限/).waitFor();
      expect(images()).toBe(0);

      const png = qrLikePng(7);
      await menuRow.locator('input[type="file"]').setInputFiles({
        name: '公众号菜单二维码.png',
        mimeType: 'image/png',
        buffer: png,
      });
      await page.getByText('已保存二维码图片').waitFor();
      const thumb = menuRow.getByTestId('qr-thumb');
      await thumb.locator('img').waitFor();
      expect(images()).toBe(1);
      expect(
        await thumb
          .locator('img')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      ).toBe(264);
      await settle(page);
      await expectNoHorizontalOverflow(page);
      await app.screenshot('admission-qr-images-zh-CN-light');

      await thumb.click();
      const modal = page.getByTestId('qr-image-modal');
      await modal.getByTestId('qr-image-large').waitFor();
      await modal.getByText(/公众号菜单二维码\.png · \d+ KB/).waitFor();
      await settle(page);
      await app.screenshot('admission-qr-image-large-zh-CN-light');

      await modal.getByTestId('qr-image-remove').click();
      await page.getByText('已删除二维码图片').waitFor();
      await menuRow.getByTestId('qr-image-attach').waitFor();
      expect(images()).toBe(0);
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('shows the thumbnail in dark mode', async () => {
    const app = await startApp(browser(), { prepare: seed, colorScheme: 'dark' });
    const { page, backend } = app;
    try {
      const { attachQrImage } = await import('../../electron/main/services/admissionQrImages');
      const codes = backend.workspace.db
        .prepare('SELECT id FROM group_qr_codes ORDER BY id')
        .pluck()
        .all() as number[];
      attachQrImage(backend.context, {
        qrCodeId: codes[0]!,
        fileName: 'menu.png',
        dataBase64: qrLikePng(3).toString('base64'),
      });
      await goTo(page, `/groups/${groupId}/admission/qrcodes`);
      await page.getByTestId('qr-thumb').locator('img').waitFor();
      await page.getByTestId('qr-image-attach').waitFor();
      await settle(page);
      await app.screenshot('admission-qr-images-zh-CN-dark');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
