module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // TEMPORARY (issue 10 item 8): lint was switched on while this backend was being
      // refactored (items 1 and 4-6). These rules fire in it; they are warnings until the
      // refactored files are fixed, then this override goes.
      files: ['src/**'],
      rules: {
        'no-nested-ternary': 'warn',
        'guard-for-in': 'warn',
        'no-control-regex': 'warn',
        'no-script-url': 'warn',
        '@typescript-eslint/no-use-before-define': 'warn',
        '@typescript-eslint/no-shadow': 'warn',
        'jest/no-conditional-expect': 'warn',
      },
    },
  ],
});
