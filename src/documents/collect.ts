// A full garbage collection of the calling thread's heap, on demand. Reading and storing a large file leaves
// hundreds of MB of garbage (parsed pieces, unpacked passages) that V8 keeps until its heap limit nears; collected
// at a few known points instead, the process stays far below its peak. `gc` is got the way test runners get it (a
// v8 flag, then a new context), without a command-line flag. Unavailable, it does nothing.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collects this thread's heap; returns how long it took (ms), or null when it cannot. */
export function fullCollection(): number | null {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  if (!gc) return null;
  const started = performance.now();
  gc();
  return performance.now() - started;
}
