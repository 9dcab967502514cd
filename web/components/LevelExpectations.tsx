import { PHASES } from '../../shared/phases';
import { LEVEL_PHASES, LEVELS, type Level, type ProblemGuide } from '../../shared/problem';

export const LEVEL_LABEL: Record<Level, string> = { mid: 'Mid-level', senior: 'Senior', staff: 'Staff' };

/**
 * What a mid-level, senior and staff candidate should reach, phase by phase: the interviewer's
 * yardstick. With `phase`, only that phase's row (the room shows the phase in progress).
 */
export function LevelExpectations({ guide, phase }: { guide: ProblemGuide; phase?: string }) {
  const phases = LEVEL_PHASES.filter((p) => !phase || p === phase);
  if (phases.length === 0) return <p className="muted">No level expectations for this phase.</p>;
  if (phase) {
    return (
      <dl className="level-list" aria-label={`Level expectations for ${PHASES[phases[0]!].title}`}>
        {LEVELS.map((l) => (
          <div key={l}>
            <dt><span className={`badge level-${l}`}>{LEVEL_LABEL[l]}</span></dt>
            <dd>{guide.levels[l][phases[0]!]}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table levels-table" aria-label="Level expectations">
        <thead>
          <tr>
            <th scope="col">Phase</th>
            {LEVELS.map((l) => <th key={l} scope="col">{LEVEL_LABEL[l]}</th>)}
          </tr>
        </thead>
        <tbody>
          {phases.map((p) => (
            <tr key={p}>
              <th scope="row">{PHASES[p].title}</th>
              {LEVELS.map((l) => <td key={l}>{guide.levels[l][p]}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
