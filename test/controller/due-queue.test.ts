import { DueQueue } from '../../lib/controller/due-queue';

describe('DueQueue', () => {
  test('hands keys out earliest due first, only once due', () => {
    const q = new DueQueue<number>();
    q.set('c', 30, 3);
    q.set('a', 10, 1);
    q.set('b', 20, 2);
    expect(q.nextDue()).toBe(10);
    expect(q.takeDue(5)).toBeUndefined();
    expect(q.takeDue(25)).toEqual({ key: 'a', value: 1 });
    expect(q.takeDue(25)).toEqual({ key: 'b', value: 2 });
    expect(q.takeDue(25)).toBeUndefined();
    expect(q.size).toBe(1);
  });

  test('a key is queued once; set moves it; delete removes it', () => {
    const q = new DueQueue<string>();
    q.set('x', 50, 'first');
    q.set('y', 40, 'y');
    q.set('x', 10, 'moved');
    expect(q.size).toBe(2);
    expect(q.takeDue(100)).toEqual({ key: 'x', value: 'moved' });
    q.set('z', 5, 'z');
    expect(q.delete('z')).toBe(true);
    expect(q.delete('z')).toBe(false);
    expect(q.has('y')).toBe(true);
    expect(q.takeDue(100)).toEqual({ key: 'y', value: 'y' });
    expect(q.size).toBe(0);
  });

  test('matches a sorted order over many random operations', () => {
    const q = new DueQueue<number>();
    const model = new Map<string, number>();
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let i = 0; i < 5000; i++) {
      const key = `k${rand(300)}`;
      const op = rand(3);
      if (op === 0) { const due = rand(1000); q.set(key, due, due); model.set(key, due); }
      else if (op === 1) { expect(q.delete(key)).toBe(model.delete(key)); }
      else {
        const now = rand(1000);
        const taken = q.takeDue(now);
        const earliest = Math.min(...model.values());
        if (earliest > now || model.size === 0) expect(taken).toBeUndefined();
        else {
          expect(taken!.value).toBe(earliest);
          expect(model.get(taken!.key)).toBe(earliest);
          model.delete(taken!.key);
        }
      }
      expect(q.size).toBe(model.size);
    }
  });
});
