import { CorrectionQueue } from '../../lib/controller/correction-queue';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

describe('CorrectionQueue', () => {
  test('runs up to `concurrency` objects at once, each key once, and coalesces repeated changes', async () => {
    let running = 0;
    let most = 0;
    const handled: string[] = [];
    const queue = new CorrectionQueue({
      debounceMs: 10, concurrency: 3,
      handle: async (key) => {
        running++;
        most = Math.max(most, running);
        await sleep(30);
        handled.push(key);
        running--;
        return undefined;
      },
    });
    queue.start();
    for (let i = 0; i < 10; i++) { queue.enqueue(`k${i}`); queue.enqueue(`k${i}`); }
    await until(() => handled.length === 10);
    await queue.stop();
    expect(most).toBe(3);
    expect([...handled].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort());
  });

  test('a change seen while its object is handled queues it again afterwards, never beside itself', async () => {
    let inside = 0;
    let overlapped = false;
    let calls = 0;
    const queue = new CorrectionQueue({
      debounceMs: 5, concurrency: 4,
      handle: async () => {
        calls++;
        inside++;
        if (inside > 1) overlapped = true;
        await sleep(40);
        inside--;
        return undefined;
      },
    });
    queue.start();
    queue.enqueue('a');
    await until(() => calls === 1);
    queue.enqueue('a'); // changed again while in flight
    await until(() => calls === 2);
    await until(() => inside === 0);
    await queue.stop();
    expect(overlapped).toBe(false);
  });

  test('a failure is retried after the delay the handler asks for, with the failure count', async () => {
    const seen: Array<{ failures: number; at: number }> = [];
    const queue = new CorrectionQueue({
      debounceMs: 0, concurrency: 1,
      handle: async (_key, failures) => {
        seen.push({ failures, at: Date.now() });
        return failures < 2 ? { retryInMs: 50 } : undefined;
      },
    });
    queue.start();
    queue.enqueue('x');
    await until(() => seen.length === 3);
    await queue.stop();
    expect(seen.map((s) => s.failures)).toEqual([0, 1, 2]);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(45);
    expect(queue.size).toBe(0);
  });
});
