import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { awaySlot } from '../core/jobs.js';
import { log } from '../log.js';
import { backgroundCollection } from './collect.js';
import { readUploadLimits } from './limits.js';
import { ownBuffer } from './packed.js';
import type { IndexInput, IndexOutput, ReadInput, ReadOutput, Refused } from './parse-worker.js';
import { UploadError } from './read-upload.js';

// Shared files are read and indexed in worker threads, never on the main event loop: a heavy or hostile
// file costs one worker (heap cap, time limit) and a wait for its own group, not the process or the other
// groups' answers. Few threads: each may use its whole heap, and the machine's cores serve answers too.

const threads = Math.max(1, Number(process.env.WERKTAFEL_PARSE_THREADS) || 1);
const fromSources = import.meta.url.endsWith('.ts');

let pool: Piscina | undefined;
function thePool(): Piscina {
  pool ??= new Piscina({
    filename: fileURLToPath(new URL(fromSources ? './parse-worker-tsx.mjs' : './parse-worker.js', import.meta.url)),
    minThreads: 0,
    maxThreads: threads,
    // A worker's heap (hundreds of MB after a large file) is returned as soon as it is idle: between reading
    // and indexing a file too, so the two never sit in memory together. A new worker starts in under a second.
    idleTimeout: 100,
    resourceLimits: { maxOldGenerationSizeMb: readUploadLimits().parseHeapMb, maxYoungGenerationSizeMb: 32 },
    // Tasks wait here (below) for a thread; their time limit starts when they get one.
    concurrentTasksPerWorker: 1,
  });
  return pool;
}

// The time limit counts from the start of a task, not from its place in the queue: tasks wait here.
let busy = 0;
const waiting: (() => void)[] = [];
async function slot(): Promise<() => void> {
  if (busy < threads) busy++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  return () => {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  };
}

async function run<T>(name: 'read' | 'index', input: unknown, transferList: ArrayBuffer[] = []): Promise<T> {
  const release = await slot();
  const limits = readUploadLimits();
  try {
    return (await thePool().run(input, { name, signal: AbortSignal.timeout(limits.parseTimeoutMs), transferList })) as T;
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|out of memory/i.test(e.message)) {
      log.warn({ task: name }, 'parse worker reached its heap limit: file refused');
      throw new UploadError('too_heavy', { mb: limits.parseHeapMb });
    }
    if (e.name === 'AbortError' || e.name === 'TimeoutError') {
      log.warn({ task: name }, 'parse worker took too long: file refused');
      throw new UploadError('too_slow', { s: limits.parseTimeoutMs / 1000 });
    }
    throw err;
  } finally {
    release();
  }
}

/**
 * One document at a time per parse thread, from download to stored: what a document holds in memory (its bytes,
 * text, passages and index, in the worker and again here) is there for the one being read, not for every upload
 * waiting. The wait leaves the job's slot to other jobs (questions in other channels).
 */
let turns = 0;
const turnQueue: (() => void)[] = [];
export async function documentTurn<T>(work: () => Promise<T>): Promise<T> {
  // A turn ending is handed to the next in the queue, so no newcomer slips in between.
  if (turns < threads) turns++;
  else await awaySlot(() => new Promise<void>((resolve) => turnQueue.push(resolve)));
  const started = Date.now();
  try {
    return await work();
  } finally {
    if (Date.now() - started >= LONG_TURN_MS) collectGarbage();
    const next = turnQueue.shift();
    if (next) next();
    else turns--;
  }
}

/** A turn this long stored a large file. */
const LONG_TURN_MS = 5_000;
/**
 * Storing a large file leaves a few hundred MB of garbage on the main heap (its unpacked passages, terms and
 * sentences), which V8 would keep while the next file's worker reads: collected once per large file, in steps
 * between the event loop's tasks (a collection at once held acknowledgements for 0.1–0.4 s).
 */
function collectGarbage(): void {
  const before = process.memoryUsage.rss();
  void backgroundCollection().then(
    (ms) => {
      if (ms === null) return;
      const rss = process.memoryUsage.rss();
      log.info(
        { ms: Math.round(ms), rssMb: Math.round(rss / 1048576), freedMb: Math.round((before - rss) / 1048576) },
        'main heap collected after a large file',
      );
    },
    () => undefined,
  );
}

const refused = (r: object): r is Refused => 'refused' in r;

/** From this size a file's bytes are moved to the worker rather than copied. */
const MOVED_BYTES = 1024 * 1024;

/**
 * Reads a file (or a stored text) into passages and sentences in a worker; UploadError when it cannot be used.
 * A large file's bytes are moved to the worker, not copied: the caller's `bytes` are empty afterwards.
 */
export async function readInWorker(input: ReadInput): Promise<ReadOutput> {
  const movable =
    input.bytes && input.bytes.byteLength >= MOVED_BYTES && ownBuffer(input.bytes) === input.bytes
      ? [input.bytes.buffer as ArrayBuffer]
      : [];
  const out = await run<ReadOutput | Refused>('read', input, movable);
  if (refused(out)) throw new UploadError(out.refused, out.detail);
  return out;
}

/** A document's terms, the group's words and postings, computed in a worker. */
export function indexInWorker(input: IndexInput): Promise<IndexOutput> {
  return run<IndexOutput>('index', input);
}

/** Stops the workers (graceful stop, tests). */
export async function closeParsePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
