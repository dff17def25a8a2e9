// A full garbage collection of the calling thread's heap, on demand. Reading and storing a large file leaves
// hundreds of MB of garbage (parsed pieces, unpacked passages) that V8 keeps until its heap limit nears; collected
// at a few known points instead, the process stays far below its peak. `gc` is got the way test runners get it (a
// v8 flag, then a new context), without a command-line flag. Unavailable, it does nothing.
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = (options?: { type: 'major'; execution: 'async' }) => void | PromiseLike<void>;
let gc: Gc | null | undefined;

function theGc(): Gc | null {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as Gc;
    } catch {
      gc = null;
    }
  }
  return gc;
}

/** Collects this thread's heap at once (a worker's: nothing else waits); returns how long it took (ms), or null when it cannot. */
export function fullCollection(): number | null {
  const collect = theGc();
  if (!collect) return null;
  const started = performance.now();
  collect();
  return performance.now() - started;
}

/**
 * Collects this thread's heap in steps between tasks (V8's asynchronous major collection), so the event loop
 * stays free (the main thread's: acknowledgements); resolves with how long it took (ms), or null when it cannot.
 */
export async function backgroundCollection(): Promise<number | null> {
  const collect = theGc();
  if (!collect) return null;
  const started = performance.now();
  await collect({ type: 'major', execution: 'async' });
  return performance.now() - started;
}
