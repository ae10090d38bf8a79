import { CHART_LABEL } from '../../lib/core/chart-label';
import { chartOfObjects, inventoryNameFor } from '../../lib/controller/inventory';

const obj = (chart?: string): { metadata: { labels: Record<string, string> } } => ({ metadata: { labels: chart ? { [CHART_LABEL]: chart, other: 'x' } : { other: 'x' } } });

describe('the ApplySet parent name of a folder', () => {
  test('named after the chart its objects carry, whatever the folder is called', () => {
    expect(chartOfObjects([obj('lab'), obj('lab')])).toBe('lab');
    expect(inventoryNameFor('0002-lab', [obj('lab'), obj('lab')])).toBe('cdk8s-kubevirt-lab');
    expect(inventoryNameFor('renamed', [obj('lab'), obj()])).toBe('cdk8s-kubevirt-lab');
  });

  test('after the folder when no object names a chart, or several charts share the folder', () => {
    expect(inventoryNameFor('My_Folder', [obj()])).toBe('cdk8s-kubevirt-my-folder');
    expect(chartOfObjects([obj('lab'), obj('host-network')])).toBeUndefined();
    expect(inventoryNameFor('dist', [obj('lab'), obj('host-network')])).toBe('cdk8s-kubevirt-dist');
    expect(inventoryNameFor('x'.repeat(80), [])).toHaveLength(63);
  });
});
