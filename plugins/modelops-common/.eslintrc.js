module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // Check tests are grouped under their check id constants (C.ownerIsGroup), not literals.
    'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
    // The golden-value tests assert with expectClose (relative/absolute tolerance), which throws.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectClose'] },
    ],
  },
});
