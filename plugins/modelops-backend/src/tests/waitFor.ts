/**
 * The one polling helper of the backend tests: calls `probe` until it returns a value other than
 * undefined (or stops throwing), then returns that value. After `timeoutMs` it fails with
 * `describe()` (what was awaited and what was last seen), never silently. For conditions that
 * have no event to await (a seeder in the background, a catalog that fills up).
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: {
    timeoutMs?: number;
    intervalMs?: number;
    describe?: () => string;
  } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why =
        options.describe?.() ??
        (lastError ? String(lastError) : 'the condition never held');
      throw new Error(`waitFor: timed out after ${timeoutMs} ms: ${why}`);
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
