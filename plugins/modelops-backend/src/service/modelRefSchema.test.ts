import { modelRefSchema } from './modelRefSchema';

describe('modelRefSchema', () => {
  it('normalises the three spellings of a model ref to lowercase model:ns/name', () => {
    expect(modelRefSchema.parse('model:default/Credit-Default-Scorer')).toBe(
      'model:default/credit-default-scorer',
    );
    expect(modelRefSchema.parse(' finance/churn ')).toBe('model:finance/churn');
    expect(modelRefSchema.parse('churn')).toBe('model:default/churn');
    expect(modelRefSchema.parse('Model:default/churn')).toBe(
      'model:default/churn',
    );
  });

  it('refuses refs of other kinds and unparsable refs, saying what is expected', () => {
    for (const bad of ['user:default/ada', 'model:', 'model:default/', '']) {
      const result = modelRefSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toMatch(
        /a Model entity ref such as model:default\/credit-default-scorer/,
      );
    }
  });
});
