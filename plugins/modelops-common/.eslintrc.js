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
  overrides: [
    {
      // TEMPORARY (issue 10 item 8): lint was switched on while src/model, src/approvals and
      // src/scorecards were being refactored (items 2-5). These rules fire there; they are
      // warnings until those files are fixed, then this override goes.
      files: ['src/model/**', 'src/approvals/**', 'src/scorecards/**'],
      rules: {
        'no-nested-ternary': 'warn',
        'no-loop-func': 'warn',
        'no-new': 'warn',
        'no-script-url': 'warn',
      },
    },
  ],
});
