import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TYPESCRIPT_IMPORT } from '../../cli/typescript-import.ts';

export interface ServerProcess {
  url: string;
  /** Peak resident set size of the server process so far, MB (VmHWM). */
  peakRssMb(): number;
  /** CPU time the server process has used so far (user + system), seconds: robust on a noisy machine. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * Start a server script in its own process (so the load generator does not share its
 * event loop) and wait for it to print `listening <url>` on stdout.
 */
export async function startServerProcess(script: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=prof`) profiles the servers, not the load generator.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, TYPESCRIPT_IMPORT, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^listening (.+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  return {
    url,
    peakRssMb: () => readPeakRss(child),
    cpuSeconds: () => readCpuSeconds(child),
    stop: () => stopChild(child),
  };
}

/** VmHWM of a child process, MB. */
export function readPeakRss(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** User + system CPU time of a child process, seconds. */
export function readCpuSeconds(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** SIGTERM, resolved once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
