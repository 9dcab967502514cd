/** The review as Markdown: summary, scorecards, time per phase, hints, curveballs, estimates, notes, design, chat. */
import type { SessionInfo } from '../../shared/api';
import { formatClock } from '../../shared/clock';
import { formatValue } from '../../shared/estimate';
import type { EstimateCheck } from '../../shared/estimate-check';
import { PHASES } from '../../shared/phases';
import { NOTE_SECTION_LABELS, NOTE_SECTIONS } from '../../shared/protocol';
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
  /** The estimate check, when the viewer may see it. */
  check?: EstimateCheck | null;
}): string {
  const { info, names, final, cards } = r;
  const lines: string[] = [];
  lines.push(`# Review: ${esc(info.problemTitle ?? 'a problem kept for the start')}`, '');
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
  if (final.curveballs.length) {
    lines.push('## Curveballs', '');
    for (const c of final.curveballs) lines.push(`- ${formatOffset(c.ts - r.start)}: ${esc(c.text)}${c.auto ? ' (delivered by the room)' : ''}`);
    lines.push('');
  }
  if (r.check && Object.keys(final.figures).length) {
    lines.push('## Estimates', '', '| Figure | Candidate | Reference | From own assumptions | Verdict |', '|---|---|---|---|---|');
    for (const f of r.check.figures) {
      const v = (x: number | null) => (x === null ? '—' : formatValue(x, f.unit));
      lines.push(`| ${esc(f.label)} | ${v(f.yours)} | ${v(f.reference)} | ${v(f.fromYourAssumptions)} | ${f.verdict} |`);
    }
    lines.push('');
  }
  const notes = NOTE_SECTIONS.filter((k) => final.notes[k]?.trim());
  if (notes.length) {
    lines.push('## Notes', '');
    for (const k of notes) {
      lines.push(`### ${NOTE_SECTION_LABELS[k]}`, '', '```text', final.notes[k]!.replaceAll('```', "'''"), '```', '');
    }
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
