/**
 * Whiteboard with 2,000 shapes in headless Chromium: time to apply 2,000 board ops arriving from a
 * peer and render them, then frame times while dragging a shape among them.
 *
 *   npx tsx bench/board.ts [--shapes 2000]
 *
 * Needs the built web app (npm run build:web) and Debian's chromium.
 */
import { launchBrowser, newPage, registerViaUi } from '../test/helpers/browser';
import { registeredAgent, startTestServer } from '../test/helpers/server';
import { TestSocket } from '../test/helpers/ws';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SHAPES = arg('shapes', 2000);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function runBoardBench(shapes = SHAPES) {
  const srv = await startTestServer({ LOG_LEVEL: 'silent' });
  const b = await launchBrowser();
  try {
    const { page, ctx } = await newPage(b.browser, srv.url);
    await registerViaUi(page, 'drawer');
    const peer = await registeredAgent(srv.url, 'peerdrawer');
    const s = await page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
    await peer.post(`/api/sessions/${s.id}/join`, { inviteCode: s.inviteCode });
    await page.goto(`/sessions/${s.id}/room`);
    await page.getByTestId('board-svg').waitFor();

    // The peer draws: a grid of components and arrows, spread over sockets to stay under the per-connection rate limit.
    // The server allows 8 sockets per person: with more ops than 7 sockets' bursts, send in waves.
    const socketCount = Math.min(7, Math.ceil(shapes / 180));
    const sockets = await Promise.all(Array.from({ length: socketCount }, () => TestSocket.join(srv.url, s.id, peer.cookie)));
    let waitedMs = 0;
    const ops: unknown[] = [];
    const cols = Math.ceil(Math.sqrt(shapes * 0.75));
    let boxes = 0;
    for (let i = 0; i < shapes; i++) {
      const isArrow = i % 4 === 3 && boxes > 1;
      if (isArrow) {
        ops.push({ kind: 'add', shape: { id: `a${i}`, type: 'arrow', x: 0, y: 0, w: 10, h: 10, from: `b${boxes - 1}`, to: `b${boxes - 2}` } });
      } else {
        const col = boxes % cols;
        const row = Math.floor(boxes / cols);
        ops.push({ kind: 'add', shape: { id: `b${boxes}`, type: boxes % 3 === 0 ? 'component' : 'rect', ...(boxes % 3 === 0 ? { component: 'cache' } : {}), x: col * 220, y: row * 110, w: 180, h: 60, text: `node ${boxes}` } });
        boxes++;
      }
    }
    // Boxes first, then the arrows that bind to them (an arrow to a shape not yet added is refused).
    const boxOps = ops.filter((o) => (o as { shape: { type: string } }).shape.type !== 'arrow');
    const arrowOps = ops.filter((o) => (o as { shape: { type: string } }).shape.type === 'arrow');
    const t0 = performance.now();
    const sendAll = async (list: unknown[], prefix: string) => {
      const wave = sockets.length * 180;
      for (let start = 0; start < list.length; start += wave) {
        if (start > 0) {
          // Let each socket's rate bucket refill (100 frames/s); this wait is left out of the figures.
          const w0 = performance.now();
          await new Promise((r) => setTimeout(r, 1900));
          waitedMs += performance.now() - w0;
        }
        const chunk = list.slice(start, start + wave);
        chunk.forEach((op, j) => sockets[j % sockets.length]!.s.send({ type: 'board', opId: `${prefix}${start + j}`, op }));
        await Promise.all(chunk.map((_, j) => sockets[j % sockets.length]!.s.next('ack', () => true, 60_000)));
      }
    };
    await sendAll(boxOps, 'b');
    await sendAll(arrowOps, 'a');
    const ackedMs = performance.now() - t0 - waitedMs;
    const errors = sockets.flatMap((x) => x.s.all('error'));
    if (errors.length) throw new Error(`board ops refused: ${JSON.stringify(errors.slice(0, 3))}`);
    await page.waitForFunction((n) => document.querySelectorAll('.wb-layer [data-shape]').length >= n, shapes, { polling: 'raf', timeout: 120_000 });
    const applyMs = performance.now() - t0 - waitedMs;

    // Drag one shape across the crowded board and record frame times.
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.waitForTimeout(300);
    const target = page.locator('[data-shape="b0"] rect').first();
    const box = (await target.boundingBox())!;
    // A string, not a function: tsx would wrap named functions in helpers the page does not have.
    await page.evaluate(`(() => {
      window.__frames = []; window.__stop = false;
      let last = performance.now();
      const tick = (now) => { window.__frames.push(now - last); last = now; if (!window.__stop) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) {
      await page.mouse.move(box.x + box.width / 2 + i * 4, box.y + box.height / 2 + i * 2);
    }
    await page.mouse.up();
    const frames = ((await page.evaluate('(() => { window.__stop = true; return window.__frames.slice(1); })()')) as number[]).sort((a, b) => a - b);
    for (const s of sockets) s.s.close();
    await ctx.close();
    return {
      shapes,
      applyAndRenderMs: Math.round(applyMs),
      serverAckedMs: Math.round(ackedMs),
      dragFrames: frames.length,
      frameP50Ms: Number(pct(frames, 50).toFixed(1)),
      frameP95Ms: Number(pct(frames, 95).toFixed(1)),
      frameMaxMs: Number((frames[frames.length - 1] ?? 0).toFixed(1)),
    };
  } finally {
    await b.close();
    await srv.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runBoardBench();
  console.log(JSON.stringify(r, null, 2));
}
