import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { readCpuSeconds, readPeakRss, stopChild, type ServerProcess } from './server-process.ts';

export interface CommandProcessOptions {
  env?: Record<string, string>;
  /** The address reported as the server's URL. */
  url: string;
  /** Resolves true once the server answers. */
  ready: () => Promise<boolean>;
  /** stdout and stderr go here, shown when the server fails to start. */
  logFile: string;
  timeoutMs?: number;
}

/**
 * Start an external server (Orthanc, dcmtk's storescp) and poll until it is ready. The
 * child is killed when this process exits, should the scenario not reach its stop().
 */
export async function startCommandProcess(command: string, args: string[], options: CommandProcessOptions): Promise<ServerProcess> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', log, log] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before it was ready:\n${readFileSync(options.logFile, 'utf8').slice(-2000)}`)));
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };
  try {
    while (!(await Promise.race([options.ready(), exited]))) {
      if (Date.now() > deadline) throw new Error(`${command} was not ready after ${options.timeoutMs ?? 20_000} ms`);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), exited]);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: options.url, peakRssMb: () => readPeakRss(child), cpuSeconds: () => readCpuSeconds(child), stop };
}

/** True when something accepts TCP connections on the port. */
export function acceptsConnections(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A loopback port free at the time of asking, for servers that cannot bind port 0 and say which they got. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
