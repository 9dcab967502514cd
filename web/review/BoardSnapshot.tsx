import type { Board } from '../../shared/board';
import { shapeBounds, unionBounds, type Rect } from '../board/geometry';
import { ArrowheadDefs, arrowKey, ShapeView } from '../board/shapes';
import '../styles/board.css';

/** A read-only picture of a board, framed on `frame` (or on its own content). */
export function BoardSnapshot({ board, frame, label, highlight }: { board: Board; frame?: Rect | null; label: string; highlight?: string | null }) {
  const bounds = frame ?? unionBounds([...board.shapes.values()].map((s) => shapeBounds(s, board))) ?? { x: 0, y: 0, w: 400, h: 240 };
  const m = 30;
  const vb = `${bounds.x - m} ${bounds.y - m} ${Math.max(bounds.w, 200) + m * 2} ${Math.max(bounds.h, 120) + m * 2}`;
  const hl = highlight ? board.shapes.get(highlight) : undefined;
  const hb = hl ? shapeBounds(hl, board) : null;
  return (
    <svg className="board-snapshot" viewBox={vb} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
      <ArrowheadDefs />
      <rect x={bounds.x - m} y={bounds.y - m} width={Math.max(bounds.w, 200) + m * 2} height={Math.max(bounds.h, 120) + m * 2} fill="var(--board-bg)" />
      {board.order.map((id) => {
        const s = board.shapes.get(id)!;
        return <ShapeView key={id} s={s} board={board} ends={arrowKey(s, board)} />;
      })}
      {hb && <rect x={hb.x - 6} y={hb.y - 6} width={hb.w + 12} height={hb.h + 12} fill="none" stroke="var(--warn)" strokeWidth={3} rx={6} />}
      {board.order.length === 0 && (
        <text x={bounds.x + 100} y={bounds.y + 60} textAnchor="middle" fill="var(--text-muted)" fontSize={14}>Empty board</text>
      )}
    </svg>
  );
}
