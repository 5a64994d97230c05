import { parseJsonPath, selectJsonPath } from './jsonPath';

const doc = {
  metadata: { annotations: { 'modelops.io/x': 'a' } },
  spec: {
    versions: [{ v: 1, m: { auc: 0.8 } }, { v: 2 }, { v: 3, m: { auc: 0.9 } }],
    owner: 'team',
  },
};
const sel = (p: string) => selectJsonPath(doc, parseJsonPath(p));

describe('jsonPath', () => {
  it('selects keys, indices, quoted keys and wildcards', () => {
    expect(sel('$.spec.owner')).toEqual(['team']);
    expect(sel('spec.owner')).toEqual(['team']);
    expect(sel('spec.versions[1].v')).toEqual([2]);
    expect(sel('spec.versions[*].m.auc')).toEqual([0.8, 0.9]);
    expect(sel("metadata.annotations['modelops.io/x']")).toEqual(['a']);
    expect(sel('metadata.annotations["modelops.io/x"]')).toEqual(['a']);
    expect(sel('metadata.annotations.*')).toEqual(['a']);
  });
  it('selects nothing for missing steps and never walks into strings or array keys', () => {
    expect(sel('spec.missing.deeper')).toEqual([]);
    expect(sel('spec.versions[9]')).toEqual([]);
    expect(sel('spec.owner.length')).toEqual([]);
    expect(sel('spec.versions.length')).toEqual([]);
  });
  it('flags wildcard paths as multi-valued', () => {
    expect(parseJsonPath('spec.versions[*].v').multi).toBe(true);
    expect(parseJsonPath('spec.owner').multi).toBe(false);
  });
  it.each([
    '',
    '$',
    'spec..x',
    'spec[?(@.a)]',
    'spec.a b',
    "spec['unterminated]",
  ])('rejects %j', p => {
    expect(() => parseJsonPath(p)).toThrow(/position/);
  });
});

describe('jsonPath keepMissing', () => {
  it('yields undefined for each branch that misses', () => {
    expect(
      selectJsonPath(doc, parseJsonPath('spec.versions[*].m.auc'), {
        keepMissing: true,
      }),
    ).toEqual([0.8, undefined, 0.9]);
    expect(
      selectJsonPath(doc, parseJsonPath('spec.nothing'), { keepMissing: true }),
    ).toEqual([undefined]);
  });
});
