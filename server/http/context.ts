import type { Kysely } from 'kysely';
import type { HashPool } from '../auth/hash-pool';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Database } from '../store/schema';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

export type AppEnv = {
  Variables: {
    user: AuthUser | null;
    token: string | null;
    /** The public id of the request's sign-in (auth_sessions.id). */
    signInId: string | null;
  };
};

export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  log: Logger;
  now: () => number;
  version: string;
  /** Admission for password hashing: at most two at once, for every route that hashes. */
  hashing: HashPool;
  /** Lets an address that is not loopback create the first account (SETUP_TOKEN or generated). */
  setupToken: string;
  /** Closes every WebSocket opened with these sign-ins (logout, password change, sign-out everywhere). */
  closeSignIns(signInIds: string[]): void;
}
