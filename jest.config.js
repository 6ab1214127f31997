/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only: type errors are caught by the typecheck test and by the build.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  // Workflow tests start a JVM and end-to-end tests a worker and an API: two at a time on two cores.
  maxWorkers: 2,
  testTimeout: 120_000,
  setupFiles: ['reflect-metadata', '<rootDir>/test/helpers/quiet-runtime.ts'],
};
