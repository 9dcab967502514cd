/**
 * Export the board as a standalone SVG (theme variables resolved to colours) or as a PNG rendered
 * from that SVG. Works from the live SVG layer, so what you see is what you get.
 */
import type { Rect } from './geometry';

const VAR = /var\((--[a-z0-9-]+)\)/g;

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE/U+FFFF; lone surrogates):
 * one of them in a label made the whole exported file unreadable. They are dropped.
 */
// eslint-disable-next-line no-control-regex -- XML forbids these characters; stripping them is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

export function boardSvg(layer: SVGGElement, defs: SVGDefsElement | null, bounds: Rect, margin = 24): string {
  const style = getComputedStyle(document.documentElement);
  const resolve = (text: string) => text.replace(VAR, (_m, name: string) => style.getPropertyValue(name).trim() || '#000');
  const x = bounds.x - margin;
  const y = bounds.y - margin;
  const w = Math.max(1, bounds.w + margin * 2);
  const h = Math.max(1, bounds.h + margin * 2);
  const bg = resolve('var(--board-bg)');
  const inner = xmlSafe(resolve((defs?.outerHTML ?? '') + layer.innerHTML));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(w)}" height="${Math.round(h)}" viewBox="${x} ${y} ${w} ${h}" ` +
    `font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">` +
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${bg}"/>${inner}</svg>`
  );
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export function svgToPng(svg: string, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const m = /width="(\d+)" height="(\d+)"/.exec(svg);
    const w = Number(m?.[1] ?? 800);
    const h = Number(m?.[2] ?? 600);
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    img.onload = () => {
      const canvas = document.createElement('canvas');
      // Browsers cap canvas size; keep huge boards exportable by lowering the scale.
      const s = Math.min(scale, 8000 / Math.max(w, h));
      canvas.width = Math.max(1, Math.round(w * s));
      canvas.height = Math.max(1, Math.round(h * s));
      const ctx = canvas.getContext('2d')!;
      ctx.scale(s, s);
      ctx.drawImage(img, 0, 0, w, h);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('Could not render the board'));
    };
    img.src = url;
  });
}
