// The prune fence's annotation value: the owner uids a kept disk must never be owned by again.
import { DETACHED_FROM_ANNOTATION, DETACHED_FROM_MAX_UIDS, detachedFromUids, withDetachedFrom } from '../../lib/kinds/prune-fence';

describe('prune fence annotation', () => {
  const annotated = (value: string) => ({ other: 'x', [DETACHED_FROM_ANNOTATION]: value });

  test('reads the uids, most recent first, ignoring blanks', () => {
    expect(detachedFromUids(undefined)).toEqual([]);
    expect(detachedFromUids({ other: 'x' })).toEqual([]);
    expect(detachedFromUids(annotated('a, b,,c '))).toEqual(['a', 'b', 'c']);
  });

  test('adds new uids first, writes nothing when all are named, keeps the most recent few', () => {
    expect(withDetachedFrom(undefined, ['vm-1'])).toBe('vm-1');
    expect(withDetachedFrom(annotated('vm-1'), ['vm-1'])).toBeUndefined();
    expect(withDetachedFrom(annotated('vm-1'), ['vm-2', 'pool-1'])).toBe('vm-2,pool-1,vm-1');
    expect(withDetachedFrom(annotated('vm-1'), ['vm-2', 'vm-1'])).toBe('vm-2,vm-1');
    const many = Array.from({ length: DETACHED_FROM_MAX_UIDS }, (_, i) => `old-${i}`).join(',');
    expect(withDetachedFrom(annotated(many), ['new'])!.split(',')).toEqual(['new', ...many.split(',').slice(0, DETACHED_FROM_MAX_UIDS - 1)]);
  });
});
