/**
 * Keys waiting until a due time, earliest first (a binary heap): taking the next due key costs
 * O(log n) however many wait, where sorting the whole queue per item made a burst of drift
 * (or a relist that enqueues thousands) quadratic. A key is in the queue at most once.
 */
export class DueQueue<V> {
  private readonly heap: Array<{ key: string; due: number; value: V }> = [];
  private readonly index = new Map<string, number>();

  public get size(): number {
    return this.heap.length;
  }

  public has(key: string): boolean {
    return this.index.has(key);
  }

  /** Adds the key, or moves it to the new due time and value when it is already queued. */
  public set(key: string, due: number, value: V): void {
    const at = this.index.get(key);
    if (at === undefined) {
      this.heap.push({ key, due, value });
      this.index.set(key, this.heap.length - 1);
      this.up(this.heap.length - 1);
      return;
    }
    const old = this.heap[at].due;
    this.heap[at] = { key, due, value };
    if (due < old) this.up(at);
    else this.down(at);
  }

  /** The earliest due time, or undefined when empty. */
  public nextDue(): number | undefined {
    return this.heap[0]?.due;
  }

  /** Removes and returns the earliest key due at `now` or before; undefined when none is due. */
  public takeDue(now: number): { key: string; value: V } | undefined {
    const top = this.heap[0];
    if (!top || top.due > now) return undefined;
    this.removeAt(0);
    return { key: top.key, value: top.value };
  }

  public delete(key: string): boolean {
    const at = this.index.get(key);
    if (at === undefined) return false;
    this.removeAt(at);
    return true;
  }

  private removeAt(at: number): void {
    const last = this.heap.pop()!;
    this.index.delete(this.heap[at]?.key ?? last.key);
    if (at === this.heap.length) return;
    this.heap[at] = last;
    this.index.set(last.key, at);
    this.up(at);
    this.down(at);
  }

  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.heap[parent].due <= this.heap[at].due) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(at: number): void {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < this.heap.length && this.heap[left].due < this.heap[least].due) least = left;
      if (right < this.heap.length && this.heap[right].due < this.heap[least].due) least = right;
      if (least === at) return;
      this.swap(at, least);
      at = least;
    }
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [this.heap[b], this.heap[a]];
    this.index.set(this.heap[a].key, a);
    this.index.set(this.heap[b].key, b);
  }
}
