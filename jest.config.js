// Three suites, each its own jest project so one can be run alone (`npm run test:unit` etc.):
// unit (no services), integration (real PostgreSQL on 127.0.0.1:5432) and e2e (a real n8n process).
const shared = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
module.exports = {
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	projects: [
		{ ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{
			...shared,
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
		},
		{
			...shared,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			// Installs the pinned n8n into the cache once, before any e2e file starts an instance.
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeouts.ts'],
		},
	],
};
