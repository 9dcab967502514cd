import { useEffect, useMemo, useState } from 'react';
import { boardFromShapes } from '../../shared/board';
import type { ProblemGuide } from '../../shared/problem';
import { BoardSnapshot } from '../review/BoardSnapshot';

/**
 * The guide's reference design as a read-only board, drawn by the whiteboard's own shape renderer.
 * A narrow panel shrinks a wide diagram, so it can open full size over the page.
 */
export function ReferenceBoard({ guide, label }: { guide: ProblemGuide; label?: string }) {
  const board = useMemo(() => boardFromShapes(guide.referenceBoard.shapes), [guide]);
  const [big, setBig] = useState(false);
  const name = label ?? 'Reference design board';
  useEffect(() => {
    if (!big) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setBig(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [big]);
  return (
    <div className="reference-board" data-testid="reference-board">
      <BoardSnapshot board={board} label={name} />
      <button className="btn small reference-enlarge no-print" onClick={() => setBig(true)}>Full size</button>
      {big && (
        <div className="reference-overlay" role="dialog" aria-modal="true" aria-label={`${name}, full size`} onClick={() => setBig(false)}>
          <div className="reference-overlay-body" onClick={(e) => e.stopPropagation()}>
            <div className="row reference-overlay-bar">
              <strong>{name}</strong>
              <button className="btn small" onClick={() => setBig(false)} autoFocus>Close</button>
            </div>
            <BoardSnapshot board={board} label={`${name}, full size`} />
          </div>
        </div>
      )}
    </div>
  );
}
