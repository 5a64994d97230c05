import { waitFor } from './waitFor';

describe('waitFor', () => {
  it('returns the first defined value, retrying undefined and thrown probes', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('not yet');
        return calls < 3 ? undefined : `after ${calls}`;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('after 3');
  });

  it('returns falsy values other than undefined', async () => {
    expect(await waitFor(() => 0, { intervalMs: 1 })).toBe(0);
    expect(await waitFor(async () => null, { intervalMs: 1 })).toBeNull();
  });

  it('fails after the timeout with what it waited for', async () => {
    await expect(
      waitFor(() => undefined, {
        timeoutMs: 20,
        intervalMs: 5,
        describe: () => 'runs of churn: 0 of 45',
      }),
    ).rejects.toThrow('waitFor: timed out after 20 ms: runs of churn: 0 of 45');
    await expect(
      waitFor(() => Promise.reject(new Error('HTTP 503')), {
        timeoutMs: 20,
        intervalMs: 5,
      }),
    ).rejects.toThrow('Error: HTTP 503');
  });
});
