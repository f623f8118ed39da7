// What the numbers were measured on: CPU, cores, memory, Node and Chromium versions, git commit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  date: string;
  commit: string;
  /** True when the work tree had uncommitted changes to tracked files. */
  dirty: boolean;
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  chromium: string;
  os: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

function cpuModel(): string {
  const fromOs = os.cpus()[0]?.model?.trim();
  if (fromOs) return fromOs;
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Describes this machine; `chromiumPath` is asked for its version. */
export function machineInfo(chromiumPath: string | undefined, cwd = process.cwd()): MachineInfo {
  const commit = run('git', ['-C', cwd, 'rev-parse', '--short=12', 'HEAD']) || 'unknown';
  const dirty = run('git', ['-C', cwd, 'status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    date: new Date().toISOString(),
    commit,
    dirty,
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    chromium: chromiumPath ? run(chromiumPath, ['--version']) || 'unknown' : 'not used',
    os: `${os.type()} ${os.release()} (${os.arch()})`,
  };
}
