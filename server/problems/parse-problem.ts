/**
 * Parses one problem file (YAML front matter + Markdown) into a validated problem. Pure: the caller
 * reads the file. Every failure names the field and what is wrong so start-up can say exactly which
 * file to fix.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { checkReferenceResults, computeEstimate, ExpressionError, pickInputs } from '../../shared/estimate';
import {
  GUIDE_SECTIONS,
  LEVEL_PHASES,
  LEVELS,
  problemFrontMatterSchema,
  type ProblemFrontMatter,
  type ProblemGuide,
} from '../../shared/problem';
import { findBareFigures, referenceScope, renderReferences, type ProseIssue, type ReferenceScope } from './prose';

export interface ParsedProblem {
  meta: ProblemFrontMatter;
  prompt: string;
  guide: ProblemGuide;
}

export class ProblemFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'ProblemFileError';
  }
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Splits Markdown into sections by headings of the given level (`#` = 1), ignoring fenced code. */
function splitByHeading(markdown: string, level: number): { heading: string; body: string }[] {
  const marker = '#'.repeat(level) + ' ';
  const out: { heading: string; body: string }[] = [];
  let current: { heading: string; lines: string[] } | null = null;
  const preamble: string[] = [];
  let inFence = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^(```|~~~)/.test(line.trim())) inFence = !inFence;
    if (!inFence && line.startsWith(marker)) {
      if (current) out.push({ heading: current.heading, body: current.lines.join('\n').trim() });
      current = { heading: line.slice(marker.length).trim(), lines: [] };
    } else if (current) current.lines.push(line);
    else preamble.push(line);
  }
  if (current) out.push({ heading: current.heading, body: current.lines.join('\n').trim() });
  if (preamble.join('').trim()) out.unshift({ heading: '', body: preamble.join('\n').trim() });
  return out;
}

export function parseProblem(file: string, source: string, expectedSlug?: string): ParsedProblem {
  const m = FRONT_MATTER.exec(source);
  if (!m) throw new ProblemFileError(file, 'front matter', 'the file must start with a "---" YAML block');
  let data: unknown;
  try {
    data = parseYaml(m[1]!, { prettyErrors: true });
  } catch (err) {
    const msg = err instanceof YAMLParseError ? err.message.split('\n')[0]! : String(err);
    throw new ProblemFileError(file, 'front matter', `invalid YAML: ${msg}`);
  }
  const parsed = problemFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : 'front matter';
    throw new ProblemFileError(file, field, issue.message);
  }
  const meta = parsed.data;
  if (expectedSlug !== undefined && meta.slug !== expectedSlug) {
    throw new ProblemFileError(file, 'slug', `"${meta.slug}" must match the file name "${expectedSlug}.md"`);
  }
  const hintIds = new Set<string>();
  meta.hints.forEach((h, i) => {
    if (hintIds.has(h.id)) throw new ProblemFileError(file, `hints.${i}.id`, `duplicate hint id "${h.id}"`);
    hintIds.add(h.id);
  });
  const curveballIds = new Set<string>();
  meta.curveballs.forEach((c, i) => {
    if (curveballIds.has(c.id)) throw new ProblemFileError(file, `curveballs.${i}.id`, `duplicate curveball id "${c.id}"`);
    curveballIds.add(c.id);
  });

  let checked;
  try {
    checked = checkReferenceResults(meta.estimation.assumptions, meta.estimation.results);
  } catch (err) {
    if (err instanceof ExpressionError) throw new ProblemFileError(file, 'estimation.results', err.message);
    throw err;
  }
  checked.forEach((c, i) => {
    if (!c.ok) {
      throw new ProblemFileError(
        file,
        `estimation.results.${i} (${c.key})`,
        `states ${c.stated} but its assumptions give ${c.computed} (tolerance ±${c.tolerance * 100}%)`,
      );
    }
  });

  const scope = referenceScope(
    meta.estimation.assumptions,
    computeEstimate(pickInputs(meta.estimation.assumptions)) as unknown as Record<string, number>,
    checked,
  );
  const render = (field: string, markdown: string) => renderOrThrow(file, field, markdown, scope);

  const top = splitByHeading(m[2]!, 1);
  const promptSection = top.find((s) => s.heading.toLowerCase() === 'prompt');
  if (!promptSection || !promptSection.body) throw new ProblemFileError(file, '# Prompt', 'section missing or empty');
  const guideSection = top.find((s) => s.heading.toLowerCase() === 'interviewer guide');
  if (!guideSection) throw new ProblemFileError(file, '# Interviewer guide', 'section missing');
  const unknownTop = top.find((s) => !['prompt', 'interviewer guide'].includes(s.heading.toLowerCase()));
  if (unknownTop) {
    throw new ProblemFileError(
      file,
      `# ${unknownTop.heading || '(text before # Prompt)'}`,
      'only "# Prompt" and "# Interviewer guide" are allowed at the top level',
    );
  }

  const subs = splitByHeading(guideSection.body, 2);
  const sections = GUIDE_SECTIONS.map((def) => {
    const found = subs.find((s) => s.heading.toLowerCase() === def.heading.toLowerCase());
    if (!found || found.body.length < 40) {
      throw new ProblemFileError(file, `## ${def.heading}`, found ? 'section is too thin' : 'section missing');
    }
    if (BARE_FIGURES_CHECKED.includes(def.id)) {
      const bare = findBareFigures(found.body);
      if (bare.length) throw new ProblemFileError(file, `## ${def.heading}`, describe(bare));
    }
    return { id: def.id, heading: def.heading, markdown: render(`## ${def.heading}`, found.body) };
  });
  const unknownSub = subs.find(
    (s) => s.heading && !GUIDE_SECTIONS.some((d) => d.heading.toLowerCase() === s.heading.toLowerCase()),
  );
  if (unknownSub) {
    throw new ProblemFileError(file, `## ${unknownSub.heading}`, `unknown guide section (allowed: ${GUIDE_SECTIONS.map((d) => d.heading).join(', ')})`);
  }
  const deepDives = sections.find((s) => s.id === 'deep-dives')!;
  const diveCount = splitByHeading(deepDives.markdown, 3).filter((s) => s.heading).length;
  if (diveCount < 3 || diveCount > 5) {
    throw new ProblemFileError(file, '## Deep dives', `needs 3-5 "### topic" subsections, found ${diveCount}`);
  }
  const clarifying = sections.find((s) => s.id === 'clarifying')!;
  const questions = clarifying.markdown.split('\n').filter((l) => /^\s*[-*] /.test(l)).length;
  if (questions < 5) {
    throw new ProblemFileError(file, '## Clarifying questions', `needs at least 5 list items, found ${questions}`);
  }

  return {
    meta,
    prompt: render('# Prompt', promptSection.body),
    guide: {
      slug: meta.slug,
      difficultyReason: meta.difficultyReason,
      sections,
      estimation: meta.estimation,
      hints: meta.hints.map((h, i) => ({ ...h, text: render(`hints.${i}.text`, h.text) })),
      curveballs: meta.curveballs.map((c, i) => ({
        ...c,
        text: render(`curveballs.${i}.text`, c.text),
        answer: render(`curveballs.${i}.answer`, c.answer),
      })),
      levels: Object.fromEntries(
        LEVELS.map((l) => [l, Object.fromEntries(LEVEL_PHASES.map((ph) => [ph, render(`levels.${l}.${ph}`, meta.levels[l][ph])]))]),
      ) as ProblemGuide['levels'],
      signals: meta.signals,
      // Filled from the sidecar file by readProblem (server/problems/catalog.ts); empty until then.
      referenceBoard: { shapes: [] },
    },
  };
}

/** Sections where a number with a rate or size unit must be a reference or a `{=literal}`. */
const BARE_FIGURES_CHECKED: string[] = ['estimation', 'deep-dives'];


function describe(issues: ProseIssue[]): string {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `line ${first.line}: ${first.message}${more}`;
}

function renderOrThrow(file: string, field: string, markdown: string, scope: ReferenceScope): string {
  const { markdown: out, issues } = renderReferences(markdown, scope);
  if (issues.length) throw new ProblemFileError(file, field, describe(issues));
  return out;
}
