/** Vitest global setup of the `server-pg` project: one cluster for the run, each test's server gets its own database. */
import type { TestProject } from 'vitest/node';
import { startCluster, type PgCluster } from './pg-cluster';

let cluster: PgCluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startCluster();
  project.provide('pgAdminUrl', cluster.url);
}

export function teardown(): void {
  cluster?.stop();
  cluster = null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
