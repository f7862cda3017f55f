import type { TestEngine } from './test-engine.ts';

export interface OperationJson {
  name: string;
  metadata: { apiMethodName: string; counter?: { success?: string } };
  done?: true;
  error?: { code: number; message: string };
  response?: unknown;
}

/** Poll a long-running operation (`projects/.../operations/{id}`) until it is done; fails after `timeoutMs`. */
export async function awaitOperation(engine: TestEngine, name: string, timeoutMs = 30_000): Promise<OperationJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await engine.api(`/v1/${name}`);
    if (res.status !== 200) throw new Error(`GET ${name}: ${res.status} ${await res.text()}`);
    const operation = (await res.json()) as OperationJson;
    if (operation.done) return operation;
    if (Date.now() > deadline) throw new Error(`operation ${name} not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
