/**
 * A pure function of a string, remembered for the strings it saw last: an answer reads each candidate sentence
 * several times (overlaps, neighbours, subjects). At most `size` entries; the oldest go first.
 * Callers must not change what it returns: the same object is handed out again.
 */
export function memo<T>(fn: (s: string) => T, size = 5000): (s: string) => T {
  const kept = new Map<string, T>();
  return (s) => {
    let v = kept.get(s);
    if (v === undefined && !kept.has(s)) {
      v = fn(s);
      if (kept.size >= size) kept.delete(kept.keys().next().value!);
      kept.set(s, v);
    }
    return v as T;
  };
}
