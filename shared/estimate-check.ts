/**
 * Checks the figures a candidate typed against the problem's reference and against what her own
 * assumptions give, so the review separates arithmetic slips from different assumptions. Pure: the
 * server answers `GET /api/sessions/:id/estimate-check` with it, and it is tested without I/O.
 */
import { checkReferenceResults, ordersOfMagnitudeOff, withinTolerance, type EstimateInputs, type ReferenceResult, type Unit } from './estimate';

export type FigureVerdict = 'close' | 'off' | 'way-off' | 'missing';

export interface FigureCheck {
  key: string;
  label: string;
  unit: Unit;
  /** What she typed; null when she left it empty. */
  yours: number | null;
  reference: number;
  /** What her own assumptions give (the problem's for those she did not state); null if they do not compute. */
  fromYourAssumptions: number | null;
  /** yours / reference; null when missing. */
  ratio: number | null;
  /** How many orders of magnitude yours is from the reference (0 = same). */
  magnitudeOff: number | null;
  verdict: FigureVerdict;
}

export interface EstimateCheck {
  figures: FigureCheck[];
  /** Share of figures that are close, 0-1 (null when the problem has none). */
  accuracy: number | null;
}

export function verdictFor(yours: number | null, reference: number, tolerance: number): FigureVerdict {
  if (yours === null) return 'missing';
  if (withinTolerance(yours, reference, tolerance)) return 'close';
  return ordersOfMagnitudeOff(yours, reference) <= 1 ? 'off' : 'way-off';
}

export function checkEstimate(
  problem: { assumptions: Record<string, number>; results: ReferenceResult[] },
  inputs: Partial<EstimateInputs>,
  figures: Record<string, number>,
): EstimateCheck {
  let mine: Map<string, number> | null = null;
  try {
    const computed = checkReferenceResults({ ...problem.assumptions, ...inputs }, problem.results);
    mine = new Map(computed.filter((c) => Number.isFinite(c.computed)).map((c) => [c.key, c.computed]));
  } catch {
    mine = null;
  }
  const reference = checkReferenceResults(problem.assumptions, problem.results);
  const out = problem.results.map((r, i): FigureCheck => {
    const yours = Object.hasOwn(figures, r.key) ? figures[r.key]! : null;
    return {
      key: r.key,
      label: reference[i]!.label,
      unit: r.unit,
      yours,
      reference: r.value,
      fromYourAssumptions: mine?.get(r.key) ?? null,
      ratio: yours === null || r.value === 0 ? null : yours / r.value,
      magnitudeOff: yours === null ? null : ordersOfMagnitudeOff(yours, r.value),
      verdict: verdictFor(yours, r.value, r.tolerance),
    };
  });
  return { figures: out, accuracy: out.length ? out.filter((f) => f.verdict === 'close').length / out.length : null };
}

/** The figures a candidate is asked for, without values: safe to show her. */
export function figurePrompts(problem: { assumptions: Record<string, number>; results: ReferenceResult[] }): { key: string; label: string; unit: Unit }[] {
  return checkReferenceResults(problem.assumptions, problem.results).map((c) => ({ key: c.key, label: c.label, unit: c.unit }));
}
