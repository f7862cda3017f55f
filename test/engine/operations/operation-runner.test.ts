import test from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { createLogger } from '../../../engine/logger.ts';
import { KnexOperationStore } from '../../../engine/operations/knex-operation-store.ts';
import type { Operation } from '../../../engine/operations/operation.ts';
import type { OperationContext, OperationHandler } from '../../../engine/operations/operation-handler.ts';
import { operationMigrations } from '../../../engine/operations/operation-migrations.ts';
import { OperationRunner, type OperationRunnerOptions } from '../../../engine/operations/operation-runner.ts';
import { closeRegion, openRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { testRegionConfig, uniqueId } from '../../helpers/test-region.ts';

const IMPORT = 'google.cloud.healthcare.v1.fhir.FhirStoreService.ImportResources';
const logger = createLogger('silent');
const config = testRegionConfig();
const store = new KnexOperationStore();
/** Connections to one database, as separate engine processes have; `dying` is closed by a test. */
let regionA: Region;
let regionB: Region;
let dying: Region;

// Serial: the tests share the database and a connection pool of one on SQLite, and leases are short.
test.before(async () => {
  regionA = await openRegion('local', config, operationMigrations);
  regionB = await openRegion('local', config, operationMigrations);
  dying = await openRegion('local', config, operationMigrations);
});

test.after.always(async () => {
  await Promise.allSettled([closeRegion(regionA), closeRegion(regionB), closeRegion(dying)]);
});

function newRunner(region: Region, options: Partial<OperationRunnerOptions> = {}): OperationRunner {
  return new OperationRunner(store, { regions: [region], leaseMs: 60_000, pollIntervalMs: 20, owner: uniqueId('owner'), logger, ...options });
}

async function waitUntilDone(region: Region, operation: Operation): Promise<Operation> {
  for (let i = 0; i < 1000; i++) {
    const current = await store.get(region, operation.project, operation.dataset, operation.id);
    if (current.done) return current;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`operation ${operation.id} did not finish`);
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

interface CountRun {
  owner: string;
  startedAt: number;
  steps: number[];
}

/** Counts to `target` one step at a time, saving a checkpoint per step; halts for good at `haltAt` in runs of `haltOwner`. */
function countingHandler(runs: CountRun[], owner: () => string, options: { target: number; haltAt?: number; haltOwner?: string }): OperationHandler {
  return async (context: OperationContext) => {
    const startedAt = (context.checkpoint as { step: number } | null)?.step ?? 0;
    const run: CountRun = { owner: owner(), startedAt, steps: [] };
    runs.push(run);
    for (let step = startedAt + 1; step <= options.target; step++) {
      run.steps.push(step);
      await context.saveProgress({
        counter: { success: step, failure: 0, pending: options.target - step },
        progressPercent: Math.floor((step * 100) / options.target),
        checkpoint: { step },
      });
      if (step === options.haltAt && run.owner === options.haltOwner) await untilAborted(context.signal);
    }
    return { '@type': 'type.googleapis.com/test.CountResponse', counted: options.target };
  };
}

async function waitForCheckpoint(region: Region, operation: Operation, step: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const current = await store.get(region, operation.project, operation.dataset, operation.id);
    if ((current.checkpoint as { step?: number } | null)?.step === step) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`operation ${operation.id} never reached step ${step}`);
}

test.serial('a runner stopped midway hands the operation back, and another resumes it from the checkpoint', async (t) => {
  const kind = uniqueId('count');
  const runs: CountRun[] = [];
  const first = newRunner(regionA);
  const second = newRunner(regionB);
  let current = first.owner;
  first.register(kind, countingHandler(runs, () => current, { target: 7, haltAt: 3, haltOwner: first.owner }));
  second.register(kind, countingHandler(runs, () => current, { target: 7 }));
  t.teardown(() => Promise.all([first.stop(), second.stop()]));
  const op = await store.create(regionA, { project: uniqueId('p'), dataset: 'ds', apiMethodName: IMPORT, kind });
  first.start();
  await waitForCheckpoint(regionA, op, 3);
  await first.stop();
  t.false((await store.get(regionA, op.project, 'ds', op.id)).done, 'stopping does not fail the operation');
  current = second.owner;
  second.start();
  const done = await waitUntilDone(regionB, op);
  t.deepEqual(runs.map((r) => ({ startedAt: r.startedAt, steps: r.steps })), [
    { startedAt: 0, steps: [1, 2, 3] },
    { startedAt: 3, steps: [4, 5, 6, 7] },
  ]);
  t.deepEqual(done.counter, { success: 7, failure: 0, pending: 0 });
  t.is(done.progressPercent, 100);
  t.deepEqual(done.response, { '@type': 'type.googleapis.com/test.CountResponse', counted: 7 });
  t.is(done.error, null);
  t.truthy(done.endTime);
});

test.serial('when a process loses its database, its lease lapses and another process resumes the operation', async (t) => {
  const kind = uniqueId('count');
  const runs: CountRun[] = [];
  const first = newRunner(dying, { leaseMs: 300 });
  const second = newRunner(regionB, { leaseMs: 300 });
  first.register(kind, countingHandler(runs, () => first.owner, { target: 5, haltAt: 2, haltOwner: first.owner }));
  second.register(kind, countingHandler(runs, () => second.owner, { target: 5 }));
  t.teardown(() => Promise.all([first.stop(), second.stop()]));
  const op = await store.create(regionB, { project: uniqueId('p'), dataset: 'ds', apiMethodName: IMPORT, kind });
  first.start();
  await waitForCheckpoint(regionB, op, 2);
  await closeRegion(dying);
  second.start();
  const done = await waitUntilDone(regionB, op);
  t.deepEqual(runs.map((r) => [r.owner, r.startedAt, r.steps]), [
    [first.owner, 0, [1, 2]],
    [second.owner, 2, [3, 4, 5]],
  ]);
  t.deepEqual(done.counter, { success: 5, failure: 0, pending: 0 });
  t.deepEqual(done.response, { '@type': 'type.googleapis.com/test.CountResponse', counted: 5 });
});

test.serial('cancelling a running operation aborts its handler and ends it CANCELLED', async (t) => {
  const kind = uniqueId('wait');
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let sawCancelled = false;
  const runner = newRunner(regionA, { leaseMs: 1500 });
  runner.register(kind, async (context) => {
    markStarted();
    try {
      return await untilAborted(context.signal);
    } finally {
      sawCancelled = context.isCancelled();
    }
  });
  t.teardown(() => runner.stop());
  const op = await store.create(regionA, { project: uniqueId('p'), dataset: 'ds', apiMethodName: IMPORT, kind });
  runner.start();
  await started;
  const flagged = await store.requestCancel(regionA, op.project, 'ds', op.id);
  t.false(flagged.done);
  const done = await waitUntilDone(regionA, op);
  t.deepEqual(done.error, { code: 1, message: 'operation was cancelled' });
  t.true(done.cancelRequested);
  t.true(sawCancelled);
});

test.serial('a handler that throws ends the operation with its error; an unexpected error is INTERNAL without its text', async (t) => {
  const kind = uniqueId('fail');
  const runner = newRunner(regionA);
  runner.register(kind, async (context) => {
    const { typed } = context.operation.request as { typed: boolean };
    await context.saveProgress({ counter: { success: 2, failure: 1, pending: 0 } });
    if (typed) throw new ApiError('INVALID_ARGUMENT', 'line 3 is not valid NDJSON');
    throw new Error('secret detail');
  });
  t.teardown(() => runner.stop());
  const project = uniqueId('p');
  const typed = await store.create(regionA, { project, dataset: 'ds', apiMethodName: IMPORT, kind, request: { typed: true } });
  const untyped = await store.create(regionA, { project, dataset: 'ds', apiMethodName: IMPORT, kind, request: { typed: false } });
  runner.start();
  const typedDone = await waitUntilDone(regionA, typed);
  t.deepEqual(typedDone.error, { code: 3, message: 'line 3 is not valid NDJSON' });
  t.deepEqual(typedDone.counter, { success: 2, failure: 1, pending: 0 });
  const untypedDone = await waitUntilDone(regionA, untyped);
  t.is(untypedDone.error?.code, 13);
  t.notRegex(untypedDone.error?.message ?? '', /secret/);
});

test.serial('a created operation wakes the runner without waiting for the poll interval', async (t) => {
  const kind = uniqueId('quick');
  const runner = newRunner(regionA, { pollIntervalMs: 3_600_000 });
  runner.register(kind, async () => ({ ok: true }));
  t.teardown(() => runner.stop());
  runner.start();
  const op = await regionA.db.transaction((trx) =>
    store.create(regionA, { project: uniqueId('p'), dataset: 'ds', apiMethodName: IMPORT, kind }, trx));
  const done = await waitUntilDone(regionA, op);
  t.deepEqual(done.response, { ok: true });
});

test.serial('an operation cancelled while nobody runs it is never handed to a handler', async (t) => {
  const kind = uniqueId('never');
  let calls = 0;
  const runner = newRunner(regionA);
  runner.register(kind, async () => {
    calls++;
    return {};
  });
  t.teardown(() => runner.stop());
  const op = await store.create(regionA, { project: uniqueId('p'), dataset: 'ds', apiMethodName: IMPORT, kind });
  await store.requestCancel(regionA, op.project, 'ds', op.id);
  runner.start();
  const done = await waitUntilDone(regionA, op);
  t.is(done.error?.code, 1);
  t.is(calls, 0);
});

test.serial('two runners on one region never run the same operation at once, and each runs once', async (t) => {
  const kind = uniqueId('share');
  const active = new Map<string, number>();
  const runsPerOperation = new Map<string, number>();
  const overlaps: string[] = [];
  const runnersSeen = new Set<string>();
  const handlerOf = (runner: string): OperationHandler => async (context) => {
    const id = context.operation.id;
    runnersSeen.add(runner);
    active.set(id, (active.get(id) ?? 0) + 1);
    runsPerOperation.set(id, (runsPerOperation.get(id) ?? 0) + 1);
    if (active.get(id)! > 1) overlaps.push(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await context.saveProgress({ counter: { success: 1, failure: 0, pending: 0 } });
    active.set(id, active.get(id)! - 1);
    return { id };
  };
  const runners = [newRunner(regionA, { pollIntervalMs: 5, concurrency: 3 }), newRunner(regionB, { pollIntervalMs: 5, concurrency: 3 })];
  for (const runner of runners) runner.register(kind, handlerOf(runner.owner));
  t.teardown(() => Promise.all(runners.map((r) => r.stop())));
  const project = uniqueId('p');
  const ops: Operation[] = [];
  for (let i = 0; i < 24; i++) ops.push(await store.create(regionA, { project, dataset: 'ds', apiMethodName: IMPORT, kind }));
  for (const runner of runners) runner.start();
  for (const op of ops) t.deepEqual((await waitUntilDone(regionA, op)).response, { id: op.id });
  t.deepEqual(overlaps, []);
  t.deepEqual([...runsPerOperation.values()], ops.map(() => 1));
  t.is(runnersSeen.size, 2, 'both runners took a share');
});

test.serial('a kind is registered once', (t) => {
  const runner = newRunner(regionA);
  runner.register('k', async () => ({}));
  t.throws(() => runner.register('k', async () => ({})), { message: /registered twice/ });
});
