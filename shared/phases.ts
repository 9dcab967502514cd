/** The 4-step framework that is the spine of a session, plus an optional wrap-up. */

export const PHASE_IDS = ['clarify', 'estimate', 'design', 'deep-dive', 'wrap-up'] as const;
export type PhaseId = (typeof PHASE_IDS)[number];

export interface PhaseInfo {
  id: PhaseId;
  title: string;
  defaultMinutes: number;
  /** What the candidate should cover in this step. */
  candidatePrompt: string[];
}

export const PHASES: Record<PhaseId, PhaseInfo> = {
  clarify: {
    id: 'clarify',
    title: 'Clarify requirements',
    defaultMinutes: 5,
    candidatePrompt: [
      'Functional requirements: the 3-5 things the system must do',
      'Non-functional requirements: availability, latency, consistency, durability',
      'Scale: users, traffic, data size, growth',
      'Constraints and what is out of scope',
    ],
  },
  estimate: {
    id: 'estimate',
    title: 'Estimate capacity',
    defaultMinutes: 5,
    candidatePrompt: [
      'QPS: reads vs writes, average and peak',
      'Storage per day and over the retention period',
      'Bandwidth in and out',
      'Cache size for the hot set',
    ],
  },
  design: {
    id: 'design',
    title: 'High-level design',
    defaultMinutes: 15,
    candidatePrompt: [
      'API: the main endpoints with their inputs and outputs',
      'Data model: entities, keys, which store and why',
      'Components: boxes and arrows for the main read and write paths',
    ],
  },
  'deep-dive': {
    id: 'deep-dive',
    title: 'Deep dive',
    defaultMinutes: 15,
    candidatePrompt: [
      'Pick 2-3 components and go deep: scaling, caching, sharding',
      'Failure modes: what breaks, how you detect and recover',
      'Trade-offs: what you chose, what you gave up, and why',
    ],
  },
  'wrap-up': {
    id: 'wrap-up',
    title: 'Wrap-up',
    defaultMinutes: 5,
    candidatePrompt: ['Summarise the design', 'Name the bottlenecks and what you would do next', 'Questions'],
  },
};

export const DEFAULT_PHASES: { id: PhaseId; minutes: number }[] = [
  { id: 'clarify', minutes: 5 },
  { id: 'estimate', minutes: 5 },
  { id: 'design', minutes: 15 },
  { id: 'deep-dive', minutes: 15 },
];
