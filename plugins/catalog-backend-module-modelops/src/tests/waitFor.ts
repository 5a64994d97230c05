/**
 * Polls `fn` until it returns a value (not undefined), every 250 ms, for at most `timeoutMs`: the
 * real catalog processes and stitches in the background. The one polling helper of this package's
 * tests.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for the catalog`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
}
