// A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temporary folder, a free
// port on 127.0.0.1, trust authentication for the `postgres` role, removed again by stop().
// As root (CI containers), the cluster runs as the `postgres` system user, which initdb requires.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const POSTGRES_INSTALL_ADVICE =
  'PostgreSQL is needed for the server tests on PostgreSQL. Install it with ' +
  '`apt-get install -y postgresql` (Debian/Ubuntu; .ci/run does this), or put initdb and pg_ctl on PATH ' +
  '(or set PG_BIN to their folder).';

/** The folder holding initdb, pg_ctl, createdb, dropdb; undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  // Debian/Ubuntu keep versioned binaries here (newest first); only psql etc. go on PATH.
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(path.join(debian, version, 'bin'));
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(dir);
  return candidates.find(
    (dir) =>
      existsSync(path.join(dir, 'initdb')) &&
      existsSync(path.join(dir, 'pg_ctl')) &&
      existsSync(path.join(dir, 'createdb')),
  );
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresCluster {
  bin: string;
  port: number;
  /** URL of the `postgres` maintenance database, as the superuser. */
  adminUrl: string;
  /** URL of another database on this cluster. */
  urlFor(database: string): string;
  stop(): void;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a cluster binary, as the postgres user when we are root. */
function runAsOwner(bin: string, tool: string, args: readonly string[]): void {
  const command = path.join(bin, tool);
  if (isRoot()) {
    execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  } else {
    execFileSync(command, [...args], { stdio: 'pipe' });
  }
}

/**
 * Starts a cluster tuned for throwaway data: no fsync (nothing here must survive a power cut; the
 * tests kill app processes, never PostgreSQL), many connections (replicas and pools of parallel
 * test files). Throws with the install advice when PostgreSQL is missing.
 */
export async function startPostgresCluster(
  options: { fsync?: boolean; maxConnections?: number } = {},
): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(POSTGRES_INSTALL_ADVICE);
  const root = mkdtempSync(path.join(os.tmpdir(), 'jejaring-pg-'));
  const dataDir = path.join(root, 'data');
  if (isRoot()) chownSync(root, Number(uidOf('postgres')), Number(gidOf('postgres')));
  const port = await freePort();
  const stop = () => {
    try {
      runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running (start failed): nothing to stop.
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    runAsOwner(bin, 'initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const settings = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      `-c max_connections=${options.maxConnections ?? 400}`,
      `-c fsync=${options.fsync ? 'on' : 'off'}`,
      `-c synchronous_commit=${options.fsync ? 'on' : 'off'}`,
      `-c full_page_writes=${options.fsync ? 'on' : 'off'}`,
      '-c shared_buffers=64MB',
    ].join(' ');
    runAsOwner(bin, 'pg_ctl', [
      '-D',
      dataDir,
      '-o',
      settings,
      '-l',
      path.join(root, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString('utf8') ?? '';
    stop();
    throw new Error(
      `Could not start a PostgreSQL cluster from ${bin}: ${detail || String(error)}`,
      {
        cause: error,
      },
    );
  }
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return { bin, port, adminUrl: urlFor('postgres'), urlFor, stop };
}

function idOf(flag: '-u' | '-g', user: string): string {
  return execFileSync('id', [flag, user], { encoding: 'utf8' }).trim();
}
const uidOf = (user: string) => idOf('-u', user);
const gidOf = (user: string) => idOf('-g', user);

/** Creates an empty database (synchronously: callers are plain test helpers). */
export function createDatabaseSync(bin: string, port: number, name: string): void {
  execFileSync(
    path.join(bin, 'createdb'),
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name],
    { stdio: 'pipe' },
  );
}

/** Drops a database, closing whatever connections tests left open to it. */
export function dropDatabaseSync(bin: string, port: number, name: string): void {
  execFileSync(
    path.join(bin, 'dropdb'),
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '--if-exists', '--force', name],
    { stdio: 'pipe' },
  );
}
