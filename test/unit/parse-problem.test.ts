import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProblem, ProblemFileError } from '../../server/problems/parse-problem';
import { checkReferenceResults } from '../../shared/estimate';
import { GUIDE_SECTIONS } from '../../shared/problem';

const PROBLEMS_DIR = resolve(import.meta.dirname, '../../problems');
const problemFiles = readdirSync(PROBLEMS_DIR)
  .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
  .sort();

describe('the shipped problem files', () => {
  it('there are problem files to check', () => {
    expect(problemFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(problemFiles)('%s parses', (f) => {
    const slug = basename(f, '.md');
    const p = parseProblem(`problems/${f}`, readFileSync(join(PROBLEMS_DIR, f), 'utf8'), slug);
    expect(p.meta.slug).toBe(slug);
    expect(p.guide.slug).toBe(slug);
    expect(p.prompt.length).toBeGreaterThan(100);
    expect(p.prompt).not.toMatch(/^#/m); // the prompt holds no guide headings
    expect(p.guide.sections.map((s) => s.id)).toEqual(GUIDE_SECTIONS.map((s) => s.id));
    expect(p.guide.hints.length).toBeGreaterThanOrEqual(3);
    expect(new Set(p.guide.hints.map((h) => h.id)).size).toBe(p.guide.hints.length);
    expect(new Set(p.guide.curveballs.map((c) => c.id)).size).toBe(p.guide.curveballs.length);
    expect(Object.keys(p.guide.levels)).toEqual(['mid', 'senior', 'staff']);
    for (const c of p.guide.curveballs) expect(c.answer.length, `${f}: ${c.id}`).toBeGreaterThan(80);
    for (const r of checkReferenceResults(p.meta.estimation.assumptions, p.meta.estimation.results)) {
      expect(r.ok, `${f}: ${r.key}`).toBe(true);
    }
  });
});

const FILE = 'problems/url-shortener.md';
const SOURCE = readFileSync(join(PROBLEMS_DIR, 'url-shortener.md'), 'utf8');

/** Replaces exactly one occurrence, so a test breaks loudly if the real file changes under it. */
function replaceOnce(src: string, find: string | RegExp, by: string): string {
  const count = typeof find === 'string' ? src.split(find).length - 1 : (src.match(new RegExp(find.source, find.flags.includes('g') ? find.flags : find.flags + 'g')) ?? []).length;
  if (count !== 1) throw new Error(`expected one occurrence of ${String(find)}, found ${count}`);
  return src.replace(find, by);
}

function parseError(source: string, expectedSlug: string | undefined = 'url-shortener'): ProblemFileError {
  try {
    parseProblem(FILE, source, expectedSlug);
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemFileError);
    return err as ProblemFileError;
  }
  throw new Error('parseProblem did not throw');
}

describe('parseProblem', () => {
  it('parses the real file into prompt, guide and metadata', () => {
    const p = parseProblem(FILE, SOURCE, 'url-shortener');
    expect(p.meta).toMatchObject({ slug: 'url-shortener', difficulty: 'easy', phases: { clarify: 5, estimate: 5, design: 15, 'deep-dive': 15 } });
    expect(p.prompt).toMatch(/^Design a URL shortening service/);
    expect(p.prompt).not.toContain('Interviewer guide');
    expect(p.guide.sections.find((s) => s.id === 'deep-dives')!.markdown).toContain('### Generating short codes');
    expect(p.guide.hints.map((h) => h.id)).toContain('base62-length');
  });

  it('renders references with their units, so the guide is plain Markdown', () => {
    const p = parseProblem(FILE, SOURCE, 'url-shortener');
    const estimation = p.guide.sections.find((s) => s.id === 'estimation')!.markdown;
    expect(estimation).toContain('**10M new links a day**');
    expect(estimation).toContain('**34.7K req/s** at peak');
    expect(estimation).toContain('**54.8 TB**');
    expect(estimation).toContain('/ 86,400 s');
    expect(JSON.stringify(p.guide)).not.toMatch(/\{\{|\{=/);
  });

  it('accepts Windows line endings', () => {
    const crlf = SOURCE.replace(/\n/g, '\r\n');
    const p = parseProblem(FILE, crlf, 'url-shortener');
    expect(p.meta).toEqual(parseProblem(FILE, SOURCE, 'url-shortener').meta);
    expect(p.guide.sections).toHaveLength(GUIDE_SECTIONS.length);
  });

  it('ignores headings inside fenced code', () => {
    const src = replaceOnce(SOURCE, '## Trade-offs\n', '```\n## Foo\n# Bar\n### Baz\n```\n\n## Trade-offs\n');
    expect(() => parseProblem(FILE, src, 'url-shortener')).not.toThrow();
  });

  it('does not check the slug when no file name is given', () => {
    const src = replaceOnce(SOURCE, 'slug: url-shortener', 'slug: short-links');
    expect(parseProblem(FILE, src).meta.slug).toBe('short-links');
  });

  const deepDiveHeadings = [...SOURCE.matchAll(/^### .*$/gm)].map((m) => m[0]);

  const malformed: [string, () => string, string, RegExp?][] = [
    ['missing front matter', () => SOURCE.slice(SOURCE.indexOf('\n---\n') + 5), 'front matter', /must start with/],
    ['front matter not at the start', () => '\n' + SOURCE, 'front matter'],
    ['unclosed front matter', () => SOURCE.replace(/\n---\n/, '\n'), 'front matter'],
    ['bad YAML', () => replaceOnce(SOURCE, 'difficulty: easy', 'difficulty: [easy'), 'front matter', /invalid YAML/],
    ['front matter that is not a mapping', () => '---\n- just\n- a list\n---\n' + SOURCE.slice(SOURCE.indexOf('\n---\n') + 5), 'front matter'],
    ['wrong difficulty', () => replaceOnce(SOURCE, 'difficulty: easy', 'difficulty: trivial'), 'difficulty'],
    ['slug not matching the file name', () => replaceOnce(SOURCE, 'slug: url-shortener', 'slug: short-links'), 'slug', /short-links.*url-shortener\.md/],
    ['slug that is not kebab-case', () => replaceOnce(SOURCE, 'slug: url-shortener', 'slug: URL_Shortener'), 'slug'],
    ['unknown front matter field', () => replaceOnce(SOURCE, 'difficulty: easy\n', 'difficulty: easy\nauthor: me\n'), 'front matter', /author/],
    ['an unknown tag', () => replaceOnce(SOURCE, 'tags: [id-generation,', 'tags: [id-gen,'), 'tags.0', /unknown tag "id-gen": use one of shared\/tags\.ts/],
    ['a near-duplicate tag outside the vocabulary', () => replaceOnce(SOURCE, 'tags: [id-generation,', 'tags: [queueing,'), 'tags.0', /unknown tag "queueing"/],
    ['a repeated tag', () => replaceOnce(SOURCE, 'tags: [id-generation,', 'tags: [caching,'), 'tags', /must not repeat/],
    ['phase minutes out of range', () => replaceOnce(SOURCE, 'design: 15,', 'design: 0,'), 'phases.design'],
    [
      'a standard result whose value its assumptions do not give',
      () => replaceOnce(SOURCE, '{ key: writeQps, value: 115.7,', '{ key: writeQps, value: 150,'),
      'estimation.results.1 (writeQps)',
      /states 150 but its assumptions give 115\.7/,
    ],
    [
      'a derived result whose value its assumptions do not give',
      () => replaceOnce(SOURCE, 'value: 6.94', 'value: 9'),
      'estimation.results.16 (redirectServers)',
      /states 9/,
    ],
    [
      'an assumption changed under its results',
      () => replaceOnce(SOURCE, 'redirectsPerServer: 5000', 'redirectsPerServer: 2500'),
      'estimation.results.16 (redirectServers)',
    ],
    [
      'an unknown name in an expr',
      () => replaceOnce(SOURCE, 'expr: peakReadQps / redirectsPerServer', 'expr: peakReadQps / serversPerRedirect'),
      'estimation.results',
      /serversPerRedirect/,
    ],
    ['bad syntax in an expr', () => replaceOnce(SOURCE, 'expr: writesPerDay / rangeSize', 'expr: writesPerDay / (rangeSize'), 'estimation.results'],
    ['a prototype name in an expr', () => replaceOnce(SOURCE, 'expr: writesPerDay / rangeSize', 'expr: writesPerDay / constructor'), 'estimation.results', /constructor/],
    [
      'a non-standard result without an expr',
      () => replaceOnce(SOURCE, '      expr: writesPerDay / rangeSize\n', ''),
      'estimation.results.17',
    ],
    ['a tolerance above 100%', () => replaceOnce(SOURCE, '{ key: writesPerDay, value: 10000000, unit: count, tolerance: 0.01 }', '{ key: writesPerDay, value: 10000000, unit: count, tolerance: 2 }'), 'estimation.results.0.tolerance'],
    ['an unknown unit', () => replaceOnce(SOURCE, '{ key: writesPerDay, value: 10000000, unit: count,', '{ key: writesPerDay, value: 10000000, unit: widgets,'), 'estimation.results.0.unit'],
    ['duplicate hint id', () => replaceOnce(SOURCE, 'id: hot-link,', 'id: status-code,'), 'hints.5.id', /duplicate hint id "status-code"/],
    ['duplicate curveball id', () => replaceOnce(SOURCE, 'id: phishing-takedown', 'id: vanity-aliases'), 'curveballs.2.id', /duplicate curveball id "vanity-aliases"/],
    ['a curveball without an id', () => replaceOnce(SOURCE, '  - id: viral-link\n    minute: 27', '  - minute: 27'), 'curveballs.1.id'],
    ['a curveball without an answer key', () => replaceOnce(SOURCE, / {4}answer: >-\n( {6}.*\n)+(?= {2}- id: phishing-takedown)/, ''), 'curveballs.1.answer'],
    ['a hint in an unknown phase', () => replaceOnce(SOURCE, 'id: hot-link, phase: deep-dive,', 'id: hot-link, phase: coffee,'), 'hints.5.phase'],
    ['a bare figure in the estimation', () => replaceOnce(SOURCE, '**{{writesPerDay}} new links a day**', '**10M new links/day**'), '## Capacity estimation', /line 1: bare figure "10M new links\/day"/],
    ['a bare figure in a deep dive', () => replaceOnce(SOURCE, 'that is {{viralPerInstance}} each', 'that is ~1,400/s each'), '## Deep dives', /bare figure "~1,400\/s"/],
    ['a reference that does not resolve', () => replaceOnce(SOURCE, '({{linksOverRetention}} codes at 1%', '({{linksOverTenYears}} codes at 1%'), '## Deep dives', /"linksOverTenYears" is not an assumption/],
    ['a reference in the prompt that does not resolve', () => replaceOnce(SOURCE, '# Prompt\n', '# Prompt\nAbout {{dailyUsers}} people a day.\n'), '# Prompt', /"dailyUsers"/],
    ['a reference with an unknown format', () => replaceOnce(SOURCE, '**{{storageTotal}}**', '**{{storageTotal:furlongs}}**'), '## Capacity estimation', /unknown format "furlongs"/],
    ['a malformed reference', () => replaceOnce(SOURCE, '**{{storageTotal}}**', '**{{storageTotal}**'), '## Capacity estimation', /malformed reference/],
    ['a level without a phase', () => replaceOnce(SOURCE, /\n {2}staff:\n {4}clarify: .*\n/, '\n  staff:\n'), 'levels.staff.clarify'],
    ['a missing level', () => replaceOnce(SOURCE, /\n {2}senior:\n( {4}.*\n){4}/, '\n'), 'levels.senior'],
    ['a level renamed to an unknown one', () => replaceOnce(SOURCE, '\n  staff:\n', '\n  principal:\n'), 'levels.staff'],
    ['missing "# Prompt"', () => replaceOnce(SOURCE, '# Prompt\n', ''), '# Prompt', /missing/],
    ['an empty "# Prompt"', () => replaceOnce(SOURCE, /# Prompt\n[\s\S]*?(?=# Interviewer guide)/, '# Prompt\n\n'), '# Prompt'],
    ['missing "# Interviewer guide"', () => replaceOnce(SOURCE, '# Interviewer guide\n', ''), '# Interviewer guide'],
    ['an unknown top-level section', () => SOURCE + '\n# Notes\nSomething else.\n', '# Notes'],
    ['missing "## Deep dives"', () => replaceOnce(SOURCE, '## Deep dives\n', ''), '## Deep dives', /missing/],
    [
      'only 2 deep-dive topics',
      () => deepDiveHeadings.slice(2).reduce((s, h) => replaceOnce(s, `${h}\n`, `**${h.slice(4)}**\n`), SOURCE),
      '## Deep dives',
      /found 2/,
    ],
    [
      '6 deep-dive topics',
      () => replaceOnce(SOURCE, '## Trade-offs\n', '### Extra one\nText.\n\n### Extra two\nText.\n\n## Trade-offs\n'),
      '## Deep dives',
      /found 6/,
    ],
    ['an unknown "## Foo" section', () => replaceOnce(SOURCE, '## Trade-offs\n', '## Foo\nSomething that is not a guide section at all, long enough.\n\n## Trade-offs\n'), '## Foo', /unknown guide section/],
    ['a thin guide section', () => replaceOnce(SOURCE, /## Common pitfalls\n[\s\S]*$/, '## Common pitfalls\n- None.\n'), '## Common pitfalls', /too thin/],
    [
      'fewer than 5 clarifying questions',
      () => replaceOnce(SOURCE, /## Clarifying questions\n[\s\S]*?(?=## Capacity estimation)/, '## Clarifying questions\n- **Q:** Scale? **A:** 100M daily users.\n- **Q:** Analytics? **A:** Yes, per link and per day.\n\n'),
      '## Clarifying questions',
      /found 2/,
    ],
  ];

  it.each(malformed)('%s', (_, make, field, message) => {
    const err = parseError(make());
    expect(err.file).toBe(FILE);
    expect(err.field).toBe(field);
    expect(err.message.startsWith(`${FILE}: ${field}: `)).toBe(true);
    if (message) expect(err.message).toMatch(message);
  });

  it('the malformed variants above start from a file that parses', () => {
    expect(deepDiveHeadings).toHaveLength(4);
    expect(() => parseProblem(FILE, SOURCE, 'url-shortener')).not.toThrow();
  });
});
