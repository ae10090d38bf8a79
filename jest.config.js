// Type checking happens in `npm run build` (lib/, examples/) and `npm run typecheck:tests` (the tests,
// tsconfig.test.json), both run first by `npm test`; jest only transpiles, so the 30k-line generated
// imports are not type-checked once per test file.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

/** @type {import('jest').Config} */
module.exports = {
  cacheDirectory: '<rootDir>/.jest-cache',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/', '<rootDir>/test/package/user-project'],
      transform,
    },
    {
      // Packs the package and installs it into fresh cdk8s projects outside the repository.
      displayName: 'package',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/package'],
      testMatch: ['**/user-project.test.ts'],
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      transform,
    },
  ],
};
