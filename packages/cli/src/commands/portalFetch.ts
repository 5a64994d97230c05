/**
 * GETs `url` from a portal (`--portal`), with the Backstage token when one is given. Returns the
 * response, or the problem to report when the portal cannot be reached: fetch only says "fetch
 * failed", the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause.
 */
export async function fetchFromPortal(
  url: string,
  base: string,
  options: { accept: string; token?: string; fetchImpl?: typeof fetch },
): Promise<Response | { problem: string }> {
  try {
    return await (options.fetchImpl ?? fetch)(url, {
      headers: {
        Accept: options.accept,
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (e as Error).message;
    return {
      problem: `--portal: cannot reach ${base} (${reason}); check the URL`,
    };
  }
}
