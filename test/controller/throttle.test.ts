import { throttled, toApiError } from '../../lib/controller/kube-client';

const tooMany = () => Object.assign(new Error('storage is (re)initializing'), { code: 429, headers: { 'retry-after': '0' } });

describe('requests refused with 429', () => {
  test('are retried after Retry-After until they succeed', async () => {
    let calls = 0;
    const result = await throttled(async () => {
      calls++;
      if (calls < 3) throw tooMany();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  test('give up after the retry budget and surface the 429', async () => {
    let calls = 0;
    await expect(throttled(async () => { calls++; throw tooMany(); }, 2)).rejects.toMatchObject({ code: 429 });
    expect(calls).toBe(3);
  });

  test('other errors are not retried', async () => {
    let calls = 0;
    await expect(throttled(async () => { calls++; throw Object.assign(new Error('conflict'), { code: 409 }); })).rejects.toMatchObject({ code: 409 });
    expect(calls).toBe(1);
  });

  test('a connection failure names its cause', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(toApiError(err).message).toBe('fetch failed: ECONNREFUSED');
  });
});
