import { useCallback, useMemo, useState } from 'react';
import { applyBoardOp, boardShapes, cloneBoard, type Board, type BoardOp } from '../../shared/board';
import type { ProblemGuide } from '../../shared/problem';
import { Whiteboard } from '../board/Whiteboard';
import { shapeBounds, unionBounds } from '../board/geometry';
import { ReferenceBoard } from '../components/ReferenceBoard';
import { BoardSnapshot } from './BoardSnapshot';
import { boardWithReference } from './reference-copy';

/**
 * The review's comparison: the candidate's final board beside the reference design, and (once the
 * session has ended) a scratch copy with both on one board to annotate. The copy lives in this page
 * only: nothing is sent to the session.
 */
export function ReferenceCompare({ final, guide, ended }: { final: Board; guide: ProblemGuide; ended: boolean }) {
  const [copy, setCopy] = useState<Board | null>(null);
  const frame = useMemo(() => unionBounds([...final.shapes.values()].map((s) => shapeBounds(s, final))), [final]);
  const onOps = useCallback((ops: BoardOp[]) => {
    setCopy((b) => {
      if (!b) return b;
      const next = cloneBoard(b);
      for (const op of ops) applyBoardOp(next, op);
      return next;
    });
  }, []);
  return (
    <div className="stack">
      <div className="compare-grid" data-testid="reference-compare">
        <figure>
          <figcaption>Candidate’s final board ({boardShapes(final).length} shapes)</figcaption>
          <BoardSnapshot board={final} frame={frame} label="The candidate’s final board" />
        </figure>
        <figure>
          <figcaption>Reference design</figcaption>
          <ReferenceBoard guide={guide} label="The reference design board" />
        </figure>
      </div>
      {ended && (
        <div className="row no-print compare-actions">
          {copy ? (
            <button className="btn small" onClick={() => setCopy(null)}>Close the copy</button>
          ) : (
            <button className="btn small primary" onClick={() => setCopy(boardWithReference(final, guide.referenceBoard.shapes))}>
              Load the reference onto a copy of the board
            </button>
          )}
          <span className="muted">A scratch copy for this page: annotate freely, nothing is saved to the session.</span>
        </div>
      )}
      {copy && (
        <div className="scratch-board" data-testid="scratch-board">
          <Whiteboard board={copy} canEdit onOps={onOps} cursors={[]} />
        </div>
      )}
    </div>
  );
}
