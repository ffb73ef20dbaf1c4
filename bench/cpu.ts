import { readdirSync, readFileSync } from 'node:fs';

/** What the bench reads of processes on this machine from /proc: CPU time and memory. */

const CLOCK_TICKS = 100;

/** A process's CPU time so far (user + system) from /proc, in seconds; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** The process's resident memory from /proc, in MiB. */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

/** The Postgres backends serving a database on this machine (by their process titles), by pid, with their CPU seconds so far. */
function backendsOf(database: string): Map<number, number> {
  const backends = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.startsWith('postgres: ') && command.includes(` ${database} `)) backends.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // Gone meanwhile.
    }
  }
  return backends;
}

/**
 * The CPU the Postgres backends of one database (a server on this machine) spend from the
 * moment it is made: sample it now and then while they work, so a backend that exits between
 * samples loses only its last part; one opened later counts from nothing.
 */
export class DatabaseCpu {
  private readonly start: Map<number, number>;
  private readonly last = new Map<number, number>();

  constructor(private readonly database: string) {
    this.start = backendsOf(database);
  }

  static ofUrl(url: string): DatabaseCpu {
    return new DatabaseCpu(decodeURIComponent(new URL(url).pathname.slice(1)));
  }

  sample(): void {
    for (const [pid, seconds] of backendsOf(this.database)) this.last.set(pid, Math.max(seconds, this.last.get(pid) ?? 0));
  }

  /** CPU seconds spent so far (sampling once more first). */
  seconds(): number {
    this.sample();
    let total = 0;
    for (const [pid, seconds] of this.last) total += seconds - (this.start.get(pid) ?? 0);
    return total;
  }
}
