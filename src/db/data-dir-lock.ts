import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database is one process's directory. A lock file holds the owner's pid; a
 * lock left by a process that is gone (killed, crashed) is stale and taken over, along with
 * the postmaster.pid PGlite leaves behind, which would otherwise make the next open hang.
 */
export class DataDirLockedError extends Error {}

const LOCK_FILE = 'dialtone.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      // The lock is ours, so any PGlite pid file in the directory is a leftover.
      rmSync(join(dataDir, 'postmaster.pid'), { force: true });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner !== null && isAlive(owner)) {
        throw new DataDirLockedError(
          `the data directory ${dataDir} is in use by another Dialtone process (pid ${owner}); ` +
            'stop it, or point DIALTONE_DATA_DIR elsewhere, or use DATABASE_URL to share a Postgres server',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock the data directory ${dataDir}`);
}
