import type { Kysely } from 'kysely';
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
  };
};

export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  log: Logger;
  now: () => number;
  version: string;
}
