/**
 * Exports of the dashboard's charts: the chart's SVG (recharts or the heatmap's own) drawn onto a canvas with its
 * title and legend and saved as PNG, and its data as CSV (UTF-8 with a BOM, so Excel and WPS read the Chinese).
 * Files are saved as the crisis screens save theirs: a download through a Blob link, no native dialog.
 */
import { csvDocument, type CsvValue } from '../../../../shared/domain/csv';
import { downloadFile } from '../../ui/fileActions';
import { scaleRgb, type ChartPalette } from './healthFormat';

export interface LegendItem {
  label: string;
  color: string;
}

/** A file name without characters Windows refuses. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120);
}

/** Saves rows as CSV; `watermark` (operator and time) is its first line when the lock settings ask for one. */
export function saveCsv(fileStem: string, rows: readonly (readonly CsvValue[])[], watermark?: string): void {
  downloadFile({
    fileName: `${safeFileName(fileStem)}.csv`,
    mimeType: 'text/csv',
    content: csvDocument(rows, watermark),
  });
}

/** The chart's SVG inside a card: recharts' surface, or an SVG marked for export (the heatmap). */
export function chartSvg(container: HTMLElement): SVGSVGElement | null {
  return container.querySelector<SVGSVGElement>('svg.recharts-surface, svg[data-chart-svg]');
}

/** `#rrggbb` as recharts writes it into inline styles: `rgb(r, g, b)`. */
function rgbOf(hex: string): string | null {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return match
    ? `rgb(${match
        .slice(1)
        .map((part) => parseInt(part, 16))
        .join(', ')})`
    : null;
}

/** Maps each colour of one palette to the same role's colour in the other (as hex, or rgb() in inline styles). */
export function paletteSwap(from: ChartPalette, to: ChartPalette): (color: string) => string {
  const pairs = new Map<string, string>();
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === 'string' && typeof b === 'string' && a !== b && a.startsWith('#')) {
      pairs.set(a.toLowerCase(), b);
      const [rgbFrom, rgbTo] = [rgbOf(a), rgbOf(b)];
      if (rgbFrom && rgbTo) pairs.set(rgbFrom, rgbTo);
    } else if (a && b && typeof a === 'object' && typeof b === 'object')
      for (const key of Object.keys(a))
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
  };
  walk(from, to);
  const fromScale = `rgba(${from.dark ? scaleRgb.dark : scaleRgb.light},`;
  const toScale = `rgba(${to.dark ? scaleRgb.dark : scaleRgb.light},`;
  return (color) => pairs.get(color.toLowerCase()) ?? color.split(fromScale).join(toScale);
}

/**
 * Colours of one palette swapped for the other's, in attributes and inline styles: a chart on screen in dark mode
 * printed with the light theme's colours.
 */
export function recolor(svgText: string, from: ChartPalette, to: ChartPalette): string {
  const swap = paletteSwap(from, to);
  let text = svgText
    .replace(/="(#[0-9a-fA-F]{3,8}|rgba\([^)]*\))"/g, (_whole, color: string) => `="${swap(color)}"`)
    .replace(/rgb\(\d+, \d+, \d+\)/g, (color) => swap(color));
  if (from.bandOpacity !== to.bandOpacity)
    text = text.split(`fill-opacity="${from.bandOpacity}"`).join(`fill-opacity="${to.bandOpacity}"`);
  return text;
}

function serialize(svg: SVGSVGElement, palettes?: { from: ChartPalette; to: ChartPalette }) {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  // Outside the page the SVG's text would fall back to a serif font: carry the page's over.
  clone.setAttribute('font-family', getComputedStyle(svg).fontFamily);
  let text = new XMLSerializer().serializeToString(clone);
  if (palettes && palettes.from.dark !== palettes.to.dark) text = recolor(text, palettes.from, palettes.to);
  return { text, width, height };
}

function loadImage(svgText: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the chart could not be drawn'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}

export interface PngOptions {
  title: string;
  subtitle?: string;
  legend?: readonly LegendItem[];
  /** The palette the chart was drawn with, and the one to draw the image in (default: the same). */
  palette: ChartPalette;
  target?: ChartPalette;
}

/** The chart as a PNG image: title, the SVG at twice its size on screen, the legend underneath. */
export async function chartPng(svg: SVGSVGElement, options: PngOptions): Promise<Blob> {
  const canvas = await drawChart(svg, options);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no image'))), 'image/png'),
  );
}

/** The same image as a data: URL with its size in CSS pixels (for the printed report). */
export async function chartDataUrl(
  svg: SVGSVGElement,
  options: PngOptions,
): Promise<{ src: string; width: number }> {
  const canvas = await drawChart(svg, options);
  return { src: canvas.toDataURL('image/png'), width: canvas.width / 2 };
}

async function drawChart(svg: SVGSVGElement, options: PngOptions): Promise<HTMLCanvasElement> {
  const target = options.target ?? options.palette;
  const { text, width, height } = serialize(svg, { from: options.palette, to: target });
  const image = await loadImage(text);
  const scale = 2;
  const pad = 16;
  const titleHeight = options.title ? (options.subtitle ? 44 : 28) : 0;
  const legendHeight = options.legend?.length ? 26 : 0;
  const canvas = document.createElement('canvas');
  canvas.width = (width + pad * 2) * scale;
  canvas.height = (height + pad * 2 + titleHeight + legendHeight) * scale;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  context.scale(scale, scale);
  const font = getComputedStyle(document.body).fontFamily;
  context.fillStyle = target.surface;
  context.fillRect(0, 0, width + pad * 2, height + pad * 2 + titleHeight + legendHeight);
  context.fillStyle = target.text;
  context.textBaseline = 'top';
  context.font = `600 15px ${font}`;
  context.fillText(options.title, pad, pad);
  if (options.subtitle) {
    context.font = `12px ${font}`;
    context.fillText(options.subtitle, pad, pad + 20);
  }
  context.drawImage(image, pad, pad + titleHeight, width, height);
  if (options.legend?.length) {
    context.font = `12px ${font}`;
    let x = pad;
    const y = pad + titleHeight + height + 8;
    for (const item of options.legend) {
      context.fillStyle = item.color;
      context.fillRect(x, y + 1, 10, 10);
      context.fillStyle = target.text;
      context.fillText(item.label, x + 14, y);
      x += 14 + context.measureText(item.label).width + 16;
    }
  }
  return canvas;
}
