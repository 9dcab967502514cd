/** The machine a benchmark ran on, for the report. */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import { hasTaskset } from './proc';

export interface Machine {
  nproc: number;
  cpuModel: string;
  cpuFamily: string;
  hypervisor: string;
  memGiB: number;
  node: string;
  kernel: string;
  loadAvg: number[];
  taskset: boolean;
}

export function machine(): Machine {
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    /* not Linux */
  }
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim() ?? '?';
  return {
    nproc: availableParallelism(),
    cpuModel: field('model name'),
    cpuFamily: `family ${field('cpu family')} model ${field('model')}`,
    hypervisor: /\bhypervisor\b/.test(field('flags')) ? 'virtual machine' : 'bare metal',
    memGiB: totalmem() / 2 ** 30,
    node: process.version,
    kernel: release(),
    loadAvg: loadavg(),
    taskset: hasTaskset(),
  };
}

export function describeMachine(m: Machine): string {
  return `${m.nproc} CPUs (nproc), ${m.cpuModel} (${m.cpuFamily}, ${m.hypervisor}), ${m.memGiB.toFixed(1)} GiB memory, Node ${m.node}, Linux ${m.kernel}`;
}
