/** The whiteboard's input state machine, driven without a DOM (as tldraw's TestEditor does). */
import { describe, expect, it } from 'vitest';
import { applyBoardOp, boardFromShapes, emptyBoard, type Board, type Shape } from '../../shared/board';
import { initialState, interact, type Context, type InputEvent, type InteractionState, type Result } from '../../web/board/interaction';

/** A little editor: applies the ops it produces to its board, as the server would. */
function editor(shapes: Shape[] = [], opts: Partial<Context> = {}) {
  let n = 0;
  const board: Board = boardFromShapes(shapes);
  let state: InteractionState = initialState();
  let now = 1000;
  const sent: Result[] = [];
  const ctx = (): Context => ({ board, canEdit: true, zoom: 1, grid: false, newId: () => `n${++n}`, now, ...opts });
  return {
    board,
    get state() {
      return state;
    },
    send(ev: InputEvent): Result {
      now += 16;
      const r = interact(state, ev, ctx());
      state = r.state;
      for (const op of r.ops) expect(applyBoardOp(board, op)).toEqual({ ok: true });
      sent.push(r);
      return r;
    },
    /** Press, move in steps, release. */
    drag(from: { x: number; y: number }, to: { x: number; y: number }, shift = false) {
      this.send({ type: 'pointerdown', p: from, shift });
      for (let i = 1; i <= 4; i++) this.send({ type: 'pointermove', p: { x: from.x + ((to.x - from.x) * i) / 4, y: from.y + ((to.y - from.y) * i) / 4 } });
      return this.send({ type: 'pointerup', p: to });
    },
    click(p: { x: number; y: number }, shift = false) {
      this.send({ type: 'pointerdown', p, shift });
      return this.send({ type: 'pointerup', p });
    },
    type(text: string) {
      for (const ch of text) {
        // Keys reach the board only when no editor is open: the same rule as the component.
        if (!state.editing) this.send({ type: 'key', key: ch });
        else this.send({ type: 'edit', text: state.editing.text + ch });
      }
    },
    sent,
  };
}

const rect = (id: string, x: number, y: number, w = 100, h = 60): Shape => ({ id, type: 'rect', x, y, w, h });

describe('tools', () => {
  it('switches tools by shortcut and falls back to Select on Escape', () => {
    const e = editor();
    e.send({ type: 'key', key: 'r' });
    expect(e.state.tool).toBe('rect');
    e.send({ type: 'key', key: 'd' });
    expect(e.state.tool).toBe('diamond');
    e.send({ type: 'key', key: 'Escape' });
    expect(e.state.tool).toBe('select');
    expect(e.send({ type: 'key', key: 'q' }).handled).toBe(false);
  });

  it('a viewer may select and pan but not draw', () => {
    const e = editor([], { canEdit: false });
    e.send({ type: 'key', key: 'r' });
    expect(e.state.tool).toBe('select');
    e.send({ type: 'key', key: 'h' });
    expect(e.state.tool).toBe('pan');
  });

  it('draws a rectangle by dragging, with the sticky style, then returns to Select', () => {
    const e = editor();
    e.send({ type: 'style', patch: { stroke: '#e03131', strokeStyle: 'dashed' } });
    e.send({ type: 'tool', tool: 'rect' });
    const r = e.drag({ x: 10, y: 10 }, { x: 110, y: 70 });
    expect(r.ops).toEqual([{ kind: 'add', shape: { id: 'n1', type: 'rect', x: 10, y: 10, w: 100, h: 60, style: { stroke: '#e03131', strokeStyle: 'dashed' } } }]);
    expect(e.state.tool).toBe('select');
    expect([...e.state.selection]).toEqual(['n1']);
    // The style sticks for the next shape, and it applies to a selection.
    const restyle = e.send({ type: 'style', patch: { strokeWidth: 4 } });
    expect(restyle.ops).toEqual([{ kind: 'update', id: 'n1', patch: { style: { stroke: '#e03131', strokeStyle: 'dashed', strokeWidth: 4 } } }]);
    expect(e.state.style).toEqual({ stroke: '#e03131', strokeStyle: 'dashed', strokeWidth: 4 });
  });
});

describe('text', () => {
  it('one click with the Text tool opens an editor; letters that are shortcuts are typed, not tools', () => {
    const e = editor();
    e.send({ type: 'key', key: 't' });
    e.click({ x: 100, y: 100 });
    expect(e.state.editing).not.toBeNull();
    expect(e.state.tool).toBe('text');
    e.type('reads');
    expect(e.state.editing!.text).toBe('reads');
    expect(e.state.tool).toBe('text');
    // Escape (or a click outside) keeps the text, as in Excalidraw.
    const done = e.send({ type: 'edit-done' });
    expect(done.ops).toMatchObject([{ kind: 'add', shape: { type: 'text', text: 'reads' } }]);
    expect(e.state.tool).toBe('select');
    expect(e.state.editing).toBeNull();
  });

  it('a click elsewhere while editing finishes the edit and keeps the text', () => {
    const e = editor();
    e.send({ type: 'tool', tool: 'text' });
    e.click({ x: 0, y: 0 });
    e.type('hello');
    const r = e.send({ type: 'pointerdown', p: { x: 500, y: 500 } });
    expect(r.ops).toMatchObject([{ kind: 'add', shape: { text: 'hello' } }]);
  });

  it('an empty editor adds nothing; emptying a text shape deletes it', () => {
    const e = editor([{ id: 't', type: 'text', x: 0, y: 0, w: 100, h: 40, text: 'x' }]);
    e.send({ type: 'tool', tool: 'text' });
    e.click({ x: 300, y: 300 });
    expect(e.send({ type: 'edit-done' }).ops).toEqual([]);
    e.send({ type: 'doubleclick', p: { x: 10, y: 10 } });
    e.send({ type: 'edit', text: '' });
    expect(e.send({ type: 'edit-done' }).ops).toEqual([{ kind: 'delete', ids: ['t'] }]);
  });

  it('double-clicking an arrow labels it', () => {
    const e = editor([{ id: 'a', type: 'arrow', x: 0, y: 0, w: 200, h: 0 }]);
    e.send({ type: 'doubleclick', p: { x: 100, y: 1 } });
    e.send({ type: 'edit', text: 'reads' });
    expect(e.send({ type: 'edit-done' }).ops).toEqual([{ kind: 'update', id: 'a', patch: { text: 'reads' } }]);
  });
});

describe('selection and moving', () => {
  it('drags a shape: live updates at a bounded rate, one final op, and undo back to the start', () => {
    const e = editor([rect('a', 0, 0)]);
    const r = e.drag({ x: 50, y: 30 }, { x: 150, y: 80 });
    expect(r.ops).toEqual([{ kind: 'update', id: 'a', patch: { x: 100, y: 50 } }]);
    expect(r.inverse).toEqual([{ kind: 'update', id: 'a', patch: { x: 0, y: 0 } }]);
    const live = e.sent.filter((x) => x.live);
    expect(live.length).toBeGreaterThan(0);
    expect(live.length).toBeLessThan(4);
  });

  it('marquee selects what it touches; shift-click adds and removes; a group moves together', () => {
    const e = editor([rect('a', 0, 0), rect('b', 200, 0), rect('c', 0, 300)]);
    e.drag({ x: -10, y: -10 }, { x: 250, y: 70 });
    expect([...e.state.selection].sort()).toEqual(['a', 'b']);
    e.click({ x: 10, y: 310 }, true);
    expect([...e.state.selection].sort()).toEqual(['a', 'b', 'c']);
    e.click({ x: 210, y: 10 }, true);
    expect([...e.state.selection].sort()).toEqual(['a', 'c']);
    e.drag({ x: 10, y: 10 }, { x: 30, y: 20 });
    expect(e.board.shapes.get('a')).toMatchObject({ x: 20, y: 10 });
    expect(e.board.shapes.get('c')).toMatchObject({ x: 20, y: 310 });
    expect(e.board.shapes.get('b')).toMatchObject({ x: 200, y: 0 });
  });

  it('a frame moves with what lies inside it', () => {
    const e = editor([
      { id: 'f', type: 'frame', x: 0, y: 0, w: 400, h: 300, text: 'us-east' },
      rect('in', 50, 50),
      rect('out', 600, 50),
    ]);
    e.click({ x: 20, y: -10 }); // the title
    expect([...e.state.selection]).toEqual(['f']);
    e.drag({ x: 20, y: -10 }, { x: 120, y: 40 });
    expect(e.board.shapes.get('f')).toMatchObject({ x: 100, y: 50 });
    expect(e.board.shapes.get('in')).toMatchObject({ x: 150, y: 100 });
    expect(e.board.shapes.get('out')).toMatchObject({ x: 600, y: 50 });
    // Inside a frame, a press on empty space starts a marquee rather than grabbing the frame.
    e.send({ type: 'pointerdown', p: { x: 300, y: 300 } });
    expect(e.state.drag?.kind).toBe('marquee');
  });

  it('duplicates with Ctrl+D and keeps arrows bound to the copies', () => {
    const e = editor([rect('a', 0, 0), rect('b', 300, 0), { id: 'ar', type: 'arrow', x: 0, y: 0, w: 1, h: 1, from: 'a', to: 'b' }]);
    e.send({ type: 'key', key: 'a', mod: true });
    const r = e.send({ type: 'key', key: 'd', mod: true });
    expect(r.ops).toHaveLength(3);
    const arrow = r.ops.find((op) => op.kind === 'add' && op.shape.type === 'arrow');
    expect(arrow).toMatchObject({ shape: { from: 'n1', to: 'n2' } });
    expect(e.board.order).toHaveLength(6);
  });

  it('aligns and distributes', () => {
    const e = editor([rect('a', 0, 0), rect('b', 150, 40), rect('c', 700, 10)]);
    e.send({ type: 'select', ids: ['a', 'b', 'c'] });
    e.send({ type: 'align', edge: 'top' });
    expect([...e.board.shapes.values()].map((s) => s.y)).toEqual([0, 0, 0]);
    e.send({ type: 'distribute', axis: 'x' });
    expect(e.board.shapes.get('b')!.x).toBe(350);
  });
});

describe('arrows', () => {
  it('binds an arrow to the shapes under its ends', () => {
    const e = editor([rect('a', 0, 0), rect('b', 300, 0)]);
    e.send({ type: 'tool', tool: 'arrow' });
    const r = e.drag({ x: 50, y: 30 }, { x: 350, y: 30 });
    expect(r.ops).toMatchObject([{ kind: 'add', shape: { type: 'arrow', from: 'a', to: 'b' } }]);
  });

  it('a click without a drag adds no arrow; an arrow gets the arrowheads picked', () => {
    const e = editor();
    e.send({ type: 'tool', tool: 'arrow' });
    expect(e.click({ x: 10, y: 10 }).ops).toEqual([]);
    e.send({ type: 'style', patch: { arrowheads: 'both', strokeStyle: 'dotted' } });
    const r = e.drag({ x: 0, y: 0 }, { x: 100, y: 0 });
    expect(r.ops).toMatchObject([{ kind: 'add', shape: { style: { arrowheads: 'both', strokeStyle: 'dotted' } } }]);
  });
});

describe('validity comes from shared/board.ts', () => {
  it('drops ops the board would refuse (a shape a peer deleted meanwhile)', () => {
    const e = editor([rect('a', 0, 0)]);
    e.send({ type: 'select', ids: ['a'] });
    applyBoardOp(e.board, { kind: 'delete', ids: ['a'] });
    expect(e.send({ type: 'key', key: 'ArrowRight' }).ops).toEqual([]);
    expect(interact(initialState(), { type: 'paste', shapes: [rect('x', 0, 0)], offset: 10 }, { board: emptyBoard(), canEdit: true, zoom: 1, grid: false, newId: () => 'dup', now: 0 }).ops).toHaveLength(1);
  });

  it('sticky notes and frames open their text for editing when drawn', () => {
    const e = editor();
    e.send({ type: 'key', key: 's' });
    const r = e.click({ x: 100, y: 100 });
    expect(r.ops).toMatchObject([{ kind: 'add', shape: { type: 'sticky', w: 160, h: 160 } }]);
    expect(e.state.editing?.id).toBe('n1');
    e.send({ type: 'edit', text: 'idea' });
    e.send({ type: 'edit-done' });
    e.send({ type: 'key', key: 'f' });
    const f = e.click({ x: 600, y: 600 });
    expect(f.ops.map((op) => op.kind)).toEqual(['add', 'reorder']);
    expect(e.board.order[0]).toBe('n2');
  });
});

describe('snapping guides', () => {
  it("a moved shape lines up with another's edge when it comes within a few pixels, and shows the guide", () => {
    const e = editor([rect('a', 0, 0), rect('b', 300, 200)]);
    e.send({ type: 'pointerdown', p: { x: 10, y: 10 } });
    e.send({ type: 'pointermove', p: { x: 160, y: 14 } });
    // a's left edge would land at 150 (no match); its top at 4, 4 px from nothing: no guide.
    const r = e.send({ type: 'pointermove', p: { x: 306, y: 60 } });
    // a's left edge at 296 is 4 px from b's left edge (300): it snaps there.
    expect(r.preview.overrides!.get('a')).toMatchObject({ x: 300 });
    expect(r.preview.guides.x).toEqual([300]);
    const up = e.send({ type: 'pointerup', p: { x: 306, y: 60 } });
    expect(up.ops).toEqual([{ kind: 'update', id: 'a', patch: { x: 300, y: 50 } }]);
    expect(up.preview.guides).toEqual({ x: [], y: [] });
  });
});
