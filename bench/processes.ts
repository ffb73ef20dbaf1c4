import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Server processes the bench starts on loopback, waits for, and stops. */
export interface ServerProcess {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first answer to the readiness request. */
  readyMs: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

async function answers(url: string, headers: Record<string, string>): Promise<boolean> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts a process and polls readyPath until it answers 200, every 10 ms, for at most a
 * minute. The time to that answer is the start-up figure.
 */
export async function startServer(options: {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
  headers?: Record<string, string>;
  /** Write a V8 CPU profile of the process into this folder when it stops. */
  profileDir?: string;
}): Promise<ServerProcess> {
  const started = performance.now();
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, ...options.args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = started + READY_TIMEOUT_MS;
  let ready = false;
  while (!ready && performance.now() < deadline && child.exitCode === null) {
    ready = await answers(`${baseUrl}${options.readyPath}`, options.headers ?? {});
    if (!ready) await sleep(10);
  }
  const readyMs = performance.now() - started;
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const)]);
    if (stopped === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  };
  if (!ready) {
    await stop();
    throw new Error(`${options.name} did not answer ${options.readyPath} within ${READY_TIMEOUT_MS / 1000} s`);
  }
  return { name: options.name, baseUrl, child, readyMs, stop };
}
