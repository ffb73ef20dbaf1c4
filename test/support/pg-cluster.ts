import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './ports.js';

/**
 * A throwaway PostgreSQL cluster of a test's own, in a temporary directory on a free loopback
 * port with trust authentication, which the test may stop and start at will. The shared test
 * server is never touched.
 */
export interface PgCluster {
  url: string;
  /** pg_ctl stop -m fast: connections are terminated, as in a restart or failover. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it however it is and removes its files; safe to call at any time. */
  destroy(): Promise<void>;
}

/** The newest installed server's bin directory with initdb, or null. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((version) => join(root, version, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
  return found ?? null;
}

/** initdb refuses to run as root: the cluster then belongs to the postgres system user. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(bin: string, args: string[], owner: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...owner, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${bin} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

export async function startPgCluster(bin: string): Promise<PgCluster> {
  const owner = clusterOwner();
  const { data, cluster } = await newCluster(bin, owner);
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], owner);
    await cluster.start();
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

/**
 * A hot standby of `primary` streaming from it: a base backup taken with pg_basebackup -R
 * (which writes the standby's connection to its primary), started on a port of its own.
 * A throwaway cluster from initdb allows replication connections from loopback already.
 */
export async function startPgReplica(bin: string, primary: PgCluster): Promise<PgCluster> {
  const owner = clusterOwner();
  const { data, cluster } = await newCluster(bin, owner);
  const source = new URL(primary.url);
  try {
    await run(join(bin, 'pg_basebackup'), ['-h', source.hostname, '-p', source.port, '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '--no-sync'], owner);
    await cluster.start();
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

async function newCluster(bin: string, owner: { uid: number; gid: number } | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const port = await freeLoopbackPort();
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args], owner);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir}`;
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => void (await pgCtl('stop', '-m', 'fast', '-w', '-t', '30')),
    start: async () => void (await pgCtl('start', '-w', '-t', '30', '-l', join(dir, 'log'), '-o', options)),
    destroy: async () => {
      await pgCtl('stop', '-m', 'immediate', '-w', '-t', '10').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { data, cluster };
}
