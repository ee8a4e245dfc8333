/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    '^node-agent-sdk$': '<rootDir>/src/index.ts',
    '^node-agent-sdk/emulator$': '<rootDir>/src/emulator/index.ts',
    '^node-agent-sdk/fleet$': '<rootDir>/src/fleet/index.ts',
    '^node-agent-sdk/metrics$': '<rootDir>/src/metrics/index.ts',
  },
  testTimeout: 20000,
  // The oldest supported TypeScript, installed there for the package test: not part of the suite.
  modulePathIgnorePatterns: ['<rootDir>/test/fixtures/typescript-min/'],
};
