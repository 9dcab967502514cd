/** HTTP request schemas and response types, shared by the server (validation) and the web client. */
import { z } from 'zod';
import { PHASE_IDS, type PhaseId } from './phases';

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'Use at least 3 characters.')
  .max(32, 'Use at most 32 characters.')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, "_", "." or "-".');

export const registerBody = z
  .object({
    username: usernameSchema,
    password: z.string().max(200, 'Use at most 200 characters.'),
    displayName: z.string().trim().min(1).max(48).optional(),
    inviteCode: z.string().trim().min(1).max(64).optional(),
  })
  .strict();

export const loginBody = z
  .object({
    username: z.string().trim().min(1, 'Enter your username.').max(64),
    password: z.string().min(1, 'Enter your password.').max(200),
  })
  .strict();

export interface Me {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

export interface Health {
  ok: true;
  version: string;
}

export const SESSION_MODES = ['solo', 'paired'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export const ROLES = ['candidate', 'interviewer', 'observer'] as const;
export type Role = (typeof ROLES)[number];
export const SESSION_STATUSES = ['waiting', 'live', 'paused', 'ended'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const phasePlanSchema = z
  .array(
    z
      .object({
        id: z.enum(PHASE_IDS),
        minutes: z.number().int().min(1).max(90),
      })
      .strict(),
  )
  .min(1)
  .max(5)
  .refine((phases) => new Set(phases.map((p) => p.id)).size === phases.length, 'Each phase may appear once.');

export const createSessionBody = z
  .object({
    problemSlug: z.string().min(1).max(80),
    mode: z.enum(SESSION_MODES),
    role: z.enum(['candidate', 'interviewer']).default('candidate'),
    phases: phasePlanSchema.optional(),
  })
  .strict();

export const joinSessionBody = z.object({ inviteCode: z.string().trim().min(1).max(64) }).strict();

export interface Participant {
  userId: string;
  displayName: string;
  role: Role;
}

export interface SessionInfo {
  id: string;
  problemSlug: string;
  problemTitle: string;
  mode: SessionMode;
  status: SessionStatus;
  phases: { id: PhaseId; minutes: number }[];
  participants: Participant[];
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Your role in this session. */
  role: Role;
  /** Present for the session's candidate/interviewer: the code a peer joins with. */
  inviteCode?: string;
  /** Present for the session's candidate/interviewer: the code observers join with. */
  observerCode?: string;
}
