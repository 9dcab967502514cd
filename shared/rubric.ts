/** The default rubric: six dimensions, four levels each, and an overall recommendation. */

export const DIMENSION_IDS = [
  'requirements',
  'estimation',
  'high-level-design',
  'deep-dive',
  'tradeoffs',
  'communication',
] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

export const OVERALL = ['strong-no-hire', 'no-hire', 'hire', 'strong-hire'] as const;
export type Overall = (typeof OVERALL)[number];

export interface DimensionInfo {
  id: DimensionId;
  title: string;
  /** levels[0] describes a 1, levels[3] a 4. */
  levels: [string, string, string, string];
}

export const RUBRIC: Record<DimensionId, DimensionInfo> = {
  requirements: {
    id: 'requirements',
    title: 'Requirements',
    levels: [
      'Jumped into design; missed core functional or non-functional requirements.',
      'Listed features but left scale, consistency or latency needs vague.',
      'Clear functional and non-functional requirements with scale; scoped the problem.',
      'Drove the scoping: prioritised, surfaced hidden constraints, stated what is out of scope and why.',
    ],
  },
  estimation: {
    id: 'estimation',
    title: 'Capacity estimation',
    levels: [
      'No numbers, or numbers off by orders of magnitude.',
      'Some figures, with gaps (no peak, no storage growth) or arithmetic slips.',
      'QPS, storage, bandwidth and cache estimated right within a factor of a few.',
      'Fast, correct figures that then drove design choices (sharding, caching, hardware count).',
    ],
  },
  'high-level-design': {
    id: 'high-level-design',
    title: 'High-level design',
    levels: [
      'No coherent design, or one that cannot serve the main use case.',
      'Works for the happy path; API or data model unclear; single points of failure.',
      'Clean API, fitting data model, components that serve read and write paths at scale.',
      'Elegant and complete; each component justified by a requirement or a number.',
    ],
  },
  'deep-dive': {
    id: 'deep-dive',
    title: 'Deep dive',
    levels: [
      'Could not go below the boxes.',
      'Some depth in one area; hand-waved scaling or failure handling.',
      'Solid depth in 2-3 components: sharding, caching, consistency, failure recovery.',
      'Expert depth: hot spots, edge cases and operational detail, anticipated probes.',
    ],
  },
  tradeoffs: {
    id: 'tradeoffs',
    title: 'Trade-offs',
    levels: [
      'Presented choices as the only option.',
      'Named alternatives when asked, without weighing them.',
      'Weighed alternatives against requirements (consistency vs availability, cost vs latency).',
      'Made trade-offs explicit unprompted and revisited them as requirements changed.',
    ],
  },
  communication: {
    id: 'communication',
    title: 'Communication',
    levels: [
      'Hard to follow; ignored hints.',
      'Understandable but disorganised; needed steering.',
      'Structured, checked in with the interviewer, used the whiteboard well.',
      'Led the conversation like a senior engineer; crisp, collaborative, time-aware.',
    ],
  },
};
