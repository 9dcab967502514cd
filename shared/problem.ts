/**
 * The problem file format (problems/*.md): YAML front matter validated here, Markdown body split
 * into a candidate prompt and an interviewer guide. See docs/problem-format.md.
 */
import { z } from 'zod';
import type { Shape } from './board';
import type { Unit } from './estimate';
import { FIGURE_KEYS } from './estimate';
import { PHASE_IDS } from './phases';
import { DIMENSION_IDS } from './rubric';
import { TAG_IDS } from './tags';

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;

/** Candidate levels the guide's expectations are written for (the interviewer's yardstick). */
export const LEVELS = ['mid', 'senior', 'staff'] as const;
export type Level = (typeof LEVELS)[number];
/** The phases level expectations cover: the four of the framework (wrap-up has none). */
export const LEVEL_PHASES = ['clarify', 'estimate', 'design', 'deep-dive'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by "-" (e.g. url-shortener)');
const text = z.string().trim().min(1, 'must not be empty');

export const referenceResultSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier (letters, digits, _)'),
    label: z.string().min(1).optional(),
    expr: z.string().min(1).optional(),
    value: z.number().finite(),
    unit: z.enum(['rps', 'bytes', 'bytesPerSec', 'count', 'ratio']),
    tolerance: z.number().positive().max(1),
  })
  .strict()
  .refine((r) => r.expr !== undefined || (FIGURE_KEYS as string[]).includes(r.key), {
    message: `a result without "expr" must use a standard figure key (${FIGURE_KEYS.join(', ')})`,
  });

export const problemFrontMatterSchema = z
  .object({
    slug,
    title: text.max(80),
    difficulty: z.enum(DIFFICULTIES),
    /** Why this label: compared with the usual references (Hello Interview, Alex Xu, system-design-primer). */
    difficultyReason: text.min(40, 'must say why, against the usual references (at least 40 characters)').max(400),
    tags: z
      .array(z.enum(TAG_IDS, { error: (iss) => `unknown tag ${JSON.stringify(iss.input)}: use one of shared/tags.ts (${TAG_IDS.join(', ')})` }))
      .min(1)
      .max(8)
      .refine((t) => new Set(t).size === t.length, 'tags must not repeat'),
    summary: text.max(200),
    phases: z
      .object({
        clarify: z.number().int().min(1).max(60),
        estimate: z.number().int().min(1).max(60),
        design: z.number().int().min(1).max(90),
        'deep-dive': z.number().int().min(1).max(90),
      })
      .strict(),
    estimation: z
      .object({
        assumptions: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.number().finite()),
        results: z.array(referenceResultSchema).min(4),
      })
      .strict(),
    levels: z
      .object(
        Object.fromEntries(
          LEVELS.map((l) => [
            l,
            z.object(Object.fromEntries(LEVEL_PHASES.map((p) => [p, text.min(20, 'say what this level should reach in this phase (at least 20 characters)')]))).strict(),
          ]),
        ),
      )
      .strict() as unknown as z.ZodType<Record<Level, Record<(typeof LEVEL_PHASES)[number], string>>>,
    hints: z
      .array(
        z
          .object({
            id: slug,
            phase: z.enum(PHASE_IDS),
            text,
          })
          .strict(),
      )
      .min(3),
    curveballs: z
      .array(
        z
          .object({
            /** Stable within the file: the live room delivers a curveball by this id. */
            id: slug,
            minute: z.number().int().min(0).max(120),
            text,
            /** The answer key: what a strong candidate says. */
            answer: text.min(80, 'must be an answer key of a few sentences (at least 80 characters)'),
          })
          .strict(),
      )
      .min(2),
    signals: z
      .object(
        Object.fromEntries(DIMENSION_IDS.map((d) => [d, z.array(text).min(1)])) as Record<
          (typeof DIMENSION_IDS)[number],
          z.ZodArray<z.ZodString>
        >,
      )
      .strict(),
  })
  .strict();

export type ProblemFrontMatter = z.infer<typeof problemFrontMatterSchema>;

/** The guide's sections, in order, as `## Heading` under `# Interviewer guide`. */
export const GUIDE_SECTIONS = [
  { id: 'clarifying', heading: 'Clarifying questions', phase: 'clarify' },
  { id: 'estimation', heading: 'Capacity estimation', phase: 'estimate' },
  { id: 'building-blocks', heading: 'Building blocks', phase: 'design' },
  { id: 'reference-design', heading: 'Reference design', phase: 'design' },
  { id: 'deep-dives', heading: 'Deep dives', phase: 'deep-dive' },
  { id: 'trade-offs', heading: 'Trade-offs', phase: 'deep-dive' },
  { id: 'pitfalls', heading: 'Common pitfalls', phase: 'wrap-up' },
] as const;

export type GuideSectionId = (typeof GUIDE_SECTIONS)[number]['id'];

/** What `GET /api/problems` returns per problem. */
export interface ProblemSummary {
  slug: string;
  title: string;
  difficulty: Difficulty;
  tags: string[];
  summary: string;
}

/** The candidate view: everything a candidate may see. */
export interface ProblemView extends ProblemSummary {
  prompt: string;
  phases: ProblemFrontMatter['phases'];
  /** The figures the candidate is asked to estimate: names and units, never values. */
  estimateFigures: { key: string; label: string; unit: Unit }[];
}

/** The interviewer guide: never sent to a candidate of a live session. */
export interface ProblemGuide {
  slug: string;
  difficultyReason: string;
  sections: { id: GuideSectionId; heading: string; markdown: string }[];
  estimation: ProblemFrontMatter['estimation'];
  hints: ProblemFrontMatter['hints'];
  curveballs: ProblemFrontMatter['curveballs'];
  levels: ProblemFrontMatter['levels'];
  /** The reference design as a board document (problems/boards/<slug>.json), valid under shared/board.ts. */
  referenceBoard: { shapes: Shape[] };
  signals: ProblemFrontMatter['signals'];
}
