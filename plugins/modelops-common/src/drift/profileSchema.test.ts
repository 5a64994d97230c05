import { buildReferenceProfile } from './profile';
import { compareToProfile } from './compare';
import { validateReferenceProfile } from './profileSchema';

const seq = <T>(n: number, f: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => f(i));

/** A profile with every variant the engine produces: exact, sketch, discrete, categorical, empty. */
function fullProfile() {
  return buildReferenceProfile(
    {
      exact: seq(500, i => Math.sin(i) * 100),
      sketched: seq(12_000, i => (i * 7919) % 10_007),
      discrete: seq(300, i => i % 3),
      empty: seq(300, () => null),
      plan: seq(300, i => ['basic', 'premium', 'trial'][i % 3]),
    },
    { categorical: ['plan'], maxExactValues: 10_000, sketchSize: 1000 },
  );
}

const problemsOf = (mutate: (p: any) => void) => {
  const p: any = JSON.parse(JSON.stringify(fullProfile()));
  mutate(p);
  const result = validateReferenceProfile(p);
  return result.success
    ? []
    : result.problems.map(x => `${x.path.join('.')}: ${x.message}`);
};

describe('validateReferenceProfile', () => {
  it('accepts every profile the engine builds (exact, sketch, discrete, categorical, no data)', () => {
    const profile = fullProfile();
    expect(profile.features.map(f => [f.name, f.kind])).toHaveLength(5);
    expect((profile.features[1] as any).values.type).toBe('sketch');
    expect(
      validateReferenceProfile(JSON.parse(JSON.stringify(profile))),
    ).toEqual({ success: true, profile });
  });

  it.each<[string, (p: any) => void, string]>([
    [
      'a numeric feature without edges',
      p => delete p.features[0].edges,
      'features.0.edges: must be a list of numbers',
    ],
    [
      'edges out of order',
      p => p.features[0].edges.reverse(),
      'features.0.edges.1: must be greater than the previous value (strictly ascending)',
    ],
    [
      'bin counts of the wrong length',
      p => p.features[0].binCounts.pop(),
      'features.0.binCounts: must have 10 entries (got 9)',
    ],
    [
      'bin counts not adding up to n',
      p => (p.features[0].binCounts[0] += 1),
      'features.0.binCounts: must add up to n (500), got 501',
    ],
    [
      'exact values not matching n',
      p => p.features[0].values.sorted.pop(),
      'features.0.values.sorted: must hold the n (500) reference values (got 499)',
    ],
    [
      'unsorted exact values',
      p => p.features[0].values.sorted.reverse(),
      'features.0.values.sorted.1: must not be less than the previous value (ascending)',
    ],
    [
      'a string among the values',
      p => (p.features[0].values.sorted[3] = '1'),
      'features.0.values.sorted.3: must be a finite number',
    ],
    [
      'an empty sketch',
      p => (p.features[1].values.points = []),
      'features.1.values.points: must not be empty',
    ],
    [
      'a bad sketch error bound',
      p => (p.features[1].values.maxEcdfError = 0),
      'features.1.values.maxEcdfError: must be a number in (0, 1]',
    ],
    [
      'discrete counts not adding up',
      p => (p.features[2].discrete.counts[0] = 0),
      'features.2.discrete.counts: must add up to n (300), got 200',
    ],
    [
      'a mean for a feature without data',
      p => (p.features[3].mean = 1),
      'features.3.mean: must be null when n is 0',
    ],
    [
      'edges for a feature without data',
      p => (p.features[3].edges = [1]),
      'features.3.edges: must be empty when n is 0',
    ],
    [
      'a negative count',
      p => (p.features[0].missing = -1),
      'features.0.missing: must be a non-negative integer',
    ],
    [
      'duplicate categories',
      p => (p.features[4].categories[1] = 'basic'),
      'features.4.categories.1: duplicates the category "basic"',
    ],
    [
      'categorical counts of the wrong length',
      p => p.features[4].counts.pop(),
      'features.4.counts: must have 3 entries (got 2)',
    ],
    [
      'a null feature',
      p => (p.features[2] = null),
      'features.2: must be a feature profile object',
    ],
    [
      'a duplicate feature name',
      p => (p.features[1].name = 'exact'),
      'features.1.name: duplicates the feature "exact"',
    ],
    [
      'a 300-character feature name',
      p => (p.features[0].name = 'x'.repeat(300)),
      'features.0.name: must be at most 255 characters',
    ],
    [
      'an unknown kind',
      p => (p.features[0].kind = 'text'),
      'features.0.kind: must be "numeric" or "categorical"',
    ],
    [
      'no features',
      p => (p.features = []),
      'features: must contain at least one feature',
    ],
    [
      'a wrong format',
      p => (p.format = 'other'),
      'format: must be "modelops.drift.reference-profile"',
    ],
  ])('refuses %s', (_what, mutate, problem) => {
    expect(problemsOf(mutate)).toContain(problem);
  });

  it('refuses a non-object and enforces maxFeatures', () => {
    expect(validateReferenceProfile([null]).success).toBe(false);
    expect(validateReferenceProfile(fullProfile(), { maxFeatures: 4 })).toEqual(
      {
        success: false,
        problems: [
          {
            path: ['features'],
            message: 'has 5 features, more than the limit of 4',
          },
        ],
      },
    );
  });

  it('a profile that passes can always be compared against (no engine error)', () => {
    const profile = fullProfile();
    const current = Object.fromEntries(
      profile.features.map(f => [
        f.name,
        f.kind === 'numeric' ? seq(50, i => i) : seq(50, () => 'basic'),
      ]),
    );
    expect(() => compareToProfile(profile, current)).not.toThrow();
  });
});
