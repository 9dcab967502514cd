/**
 * Loads problem files into SQLite at start-up (and when a file changes) and keeps an in-memory catalog
 * of what is in SQLite, so reads never touch the disk. A malformed file fails start-up; after start-up
 * a broken edit is logged and the previous version stays served.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import type { Kysely } from 'kysely';
import { figurePrompts } from '../../shared/estimate-check';
import type { ProblemGuide, ProblemSummary, ProblemView } from '../../shared/problem';
import type { Logger } from '../logger';
import type { Database } from '../store/schema';
import { parseProblem, ProblemFileError, type ParsedProblem } from './parse-problem';
import { parseReferenceBoard } from './reference-board';

/**
 * Reads and validates one problem: `<dir>/<slug>.md` and its reference board `<dir>/boards/<slug>.json`
 * (required). Throws ProblemFileError naming the file. `hash` covers both files.
 */
export function readProblem(dir: string, fileName: string): { problem: ParsedProblem; hash: string } {
  const slug = basename(fileName, '.md');
  const source = readFileSync(join(dir, fileName), 'utf8');
  const problem = parseProblem(join(basename(dir), fileName), source, slug);
  const boardFile = join(basename(dir), 'boards', `${slug}.json`);
  const boardPath = join(dir, 'boards', `${slug}.json`);
  if (!existsSync(boardPath)) throw new ProblemFileError(boardFile, 'file', 'missing: every problem needs a reference board (see docs/problem-format.md)');
  const boardSource = readFileSync(boardPath, 'utf8');
  problem.guide.referenceBoard = parseReferenceBoard(boardFile, boardSource);
  return { problem, hash: hashOf(source + '\0' + boardSource) };
}

export interface CatalogEntry {
  summary: ProblemSummary;
  view: ProblemView;
  guide: ProblemGuide;
}

export class ProblemCatalog {
  private entries = new Map<string, CatalogEntry>();
  private list: ProblemSummary[] = [];
  private watchers: FSWatcher[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** Parses every file (throws ProblemFileError on the first bad one), then upserts changed ones. */
  async load(now: number): Promise<{ loaded: number; updated: number }> {
    const files = readdirSync(this.dir)
      .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
      .sort();
    const parsed = files.map((f) => readProblem(this.dir, f));
    let updated = 0;
    await this.db.transaction().execute(async (trx) => {
      const existing = new Map((await trx.selectFrom('problems').select(['slug', 'content_hash']).execute()).map((r) => [r.slug, r.content_hash]));
      for (const { problem, hash } of parsed) {
        if (existing.get(problem.meta.slug) === hash) continue;
        updated++;
        const row = toRow(problem, hash, now);
        await trx.insertInto('problems').values(row).onConflict((oc) => oc.column('slug').doUpdateSet(row)).execute();
      }
    });
    await this.refresh();
    return { loaded: parsed.length, updated };
  }

  /** Re-reads the catalog from SQLite. */
  async refresh(): Promise<void> {
    const rows = await this.db.selectFrom('problems').selectAll().orderBy('title').execute();
    const entries = new Map<string, CatalogEntry>();
    for (const r of rows) {
      const summary: ProblemSummary = {
        slug: r.slug,
        title: r.title,
        difficulty: r.difficulty,
        tags: JSON.parse(r.tags) as string[],
        summary: r.summary,
      };
      const guide = JSON.parse(r.guide) as ProblemGuide;
      entries.set(r.slug, {
        summary,
        view: { ...summary, prompt: r.prompt, phases: JSON.parse(r.phases) as ProblemView['phases'], estimateFigures: figurePrompts(guide.estimation) },
        guide,
      });
    }
    this.entries = entries;
    const order = { easy: 0, medium: 1, hard: 2 };
    this.list = [...entries.values()].map((e) => e.summary).sort((a, b) => order[a.difficulty] - order[b.difficulty] || a.title.localeCompare(b.title));
  }

  all(): ProblemSummary[] {
    return this.list;
  }

  get(slug: string): CatalogEntry | undefined {
    return this.entries.get(slug);
  }

  /** Reloads on file changes, debounced; a broken edit is logged and the old version kept. */
  watch(now: () => number): void {
    let timer: NodeJS.Timeout | null = null;
    const onChange = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        this.load(now()).then(
          ({ updated }) => updated && this.log.info({ updated }, 'problems reloaded'),
          (err: Error) => this.log.error({ err: err.message }, 'problem file change rejected; keeping the previous version'),
        );
      }, 300);
      timer.unref();
    };
    try {
      // The reference boards live in a subdirectory, which a directory watch does not cover.
      for (const d of [this.dir, join(this.dir, 'boards')].filter((d) => existsSync(d))) {
        const w = watch(d, onChange);
        w.unref();
        this.watchers.push(w);
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'cannot watch the problems directory; changes apply at restart');
    }
  }

  close(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}

function hashOf(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

function toRow(p: ParsedProblem, hash: string, now: number) {
  return {
    slug: p.meta.slug,
    title: p.meta.title,
    difficulty: p.meta.difficulty,
    tags: JSON.stringify(p.meta.tags),
    summary: p.meta.summary,
    prompt: p.prompt,
    phases: JSON.stringify(p.meta.phases),
    guide: JSON.stringify(p.guide),
    content_hash: hash,
    updated_at: now,
  };
}
