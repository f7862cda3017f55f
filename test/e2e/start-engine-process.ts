import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TYPESCRIPT_IMPORT } from '../../cli/typescript-import.ts';

export interface EngineProcess {
  child: ChildProcess;
  mllpPort: number;
  url: string;
}

/** The engine on `config` in a process of its own (engine-process.ts), for tests that kill it. */
export function startEngineProcess(config: string): Promise<EngineProcess> {
  const child = spawn(process.execPath, [TYPESCRIPT_IMPORT, 'test/e2e/engine-process.ts'], {
    env: { ...process.env, PLEXUS_CONFIG: config },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening (\d+) (\S+)/.exec(line);
      if (m) resolve({ child, mllpPort: Number(m[1]), url: m[2] });
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code} before listening`)));
  });
}

/** SIGTERM, and wait for the exit. */
export async function stopEngineProcess(engine: EngineProcess): Promise<void> {
  if (engine.child.exitCode !== null) return;
  engine.child.kill('SIGTERM');
  await new Promise((resolve) => engine.child.once('exit', resolve));
}
