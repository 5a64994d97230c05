module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // The golden-value tests assert with expectClose (relative/absolute tolerance), which throws.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectClose'] },
    ],
  },
});
