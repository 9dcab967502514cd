/** The review as Markdown: summary, scorecards, time per phase, hints, estimates, chat transcript. */
import type { SessionInfo } from '../../shared/api';
import { formatClock } from '../../shared/clock';
import { computeEstimate, FIGURES, formatValue, type FigureKey } from '../../shared/estimate';
import { PHASES } from '../../shared/phases';
import type { ProblemGuide } from '../../shared/problem';
import { DIMENSION_IDS, RUBRIC } from '../../shared/rubric';
import type { Scorecard } from '../../shared/scorecard';
import type { SessionState } from '../../shared/session-state';
import { escapeMarkdown as esc } from './markdown-escape';
import { formatOffset, OVERALL_LABEL } from './ScorecardEditor';

export function reviewMarkdown(r: {
  info: SessionInfo;
  names: Map<string, string>;
  final: SessionState;
  cards: Scorecard[];
  guide: ProblemGuide | null;
  marks: { index: number; start: number; end: number | null }[];
  start: number;
}): string {
  const { info, names, final, cards } = r;
  const lines: string[] = [];
  lines.push(`# Review: ${esc(info.problemTitle)}`, '');
  lines.push(`- Date: ${new Date(info.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  lines.push(`- Mode: ${info.mode}`);
  for (const p of info.participants) lines.push(`- ${p.role}: ${esc(p.displayName)}`);
  lines.push('');
  if (cards.length) {
    lines.push('## Scorecards', '');
    lines.push(`| Dimension | ${cards.map((c) => `${esc(c.scorerName)} (${c.scorerRole})`).join(' | ')} |`);
    lines.push(`|---|${cards.map(() => '---').join('|')}|`);
    for (const d of DIMENSION_IDS) {
      lines.push(`| ${RUBRIC[d].title} | ${cards.map((c) => { const s = c.scores.find((x) => x.dimension === d); return s ? `${s.score}${s.comment ? ` — ${esc(s.comment)}` : ''}` : '—'; }).join(' | ')} |`);
    }
    lines.push(`| Overall | ${cards.map((c) => (c.overall ? OVERALL_LABEL[c.overall] : '—')).join(' | ')} |`, '');
    for (const c of cards) if (c.notes) lines.push(`**${esc(c.scorerName)}'s notes:** ${esc(c.notes)}`, '');
  }
  lines.push('## Time per phase', '', '| Phase | Planned | Actual |', '|---|---|---|');
  info.phases.forEach((p, i) => lines.push(`| ${PHASES[p.id].title} | ${p.minutes}:00 | ${formatClock(final.clock.spentMs[i] ?? 0)} |`));
  lines.push('');
  if (final.hints.length) {
    lines.push('## Hints revealed', '');
    for (const h of final.hints) lines.push(`- ${formatOffset(h.ts - r.start)}: ${esc(h.text)}`);
    lines.push('');
  }
  if (Object.keys(final.estimate).length) {
    const figures = computeEstimate(final.estimate);
    const refs = new Map((r.guide?.estimation.results ?? []).filter((x) => !x.expr).map((x) => [x.key, x]));
    lines.push('## Estimates', '', '| Figure | Candidate | Reference |', '|---|---|---|');
    for (const k of Object.keys(FIGURES) as FigureKey[]) {
      const ref = refs.get(k);
      lines.push(`| ${FIGURES[k].label} | ${formatValue(figures[k], FIGURES[k].unit)} | ${ref ? formatValue(ref.value, ref.unit) : '—'} |`);
    }
    lines.push('');
  }
  lines.push('## Design', '', `${final.board.order.length} shapes on the board:`, '');
  for (const id of final.board.order) {
    const s = final.board.shapes.get(id)!;
    if (s.type === 'arrow') {
      const a = s.from ? final.board.shapes.get(s.from) : undefined;
      const b = s.to ? final.board.shapes.get(s.to) : undefined;
      lines.push(`- ${esc(a?.text ?? a?.component ?? 'point')} → ${esc(b?.text ?? b?.component ?? 'point')}${s.text ? ` (${esc(s.text)})` : ''}`);
    } else if (s.type !== 'pen') {
      lines.push(`- ${s.type === 'component' ? s.component : s.type}: ${esc(s.text ?? '')}`);
    }
  }
  lines.push('', '## Chat transcript', '');
  for (const l of final.chat) lines.push(`- ${formatOffset(l.ts - r.start)} **${esc(names.get(l.author) ?? 'someone')}:** ${esc(l.text)}`);
  lines.push('');
  return lines.join('\n');
}
