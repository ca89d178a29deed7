// Lint rules: typescript-eslint everywhere, plus n8n's community-node rules on what ships.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'coverage/**',
			'.n8n-host/**',
			'gulpfile.js',
			'scripts/bootstrap.cjs',
		],
	},
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'no-console': 'error',
		},
	},
	{
		// Test and demo tooling talks to the person running it.
		files: ['tools/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
	{
		// The "without n8n Cloud support" set leaves out exactly two rules, no-restricted-imports and
		// no-restricted-globals. They exist for n8n Cloud's sandbox, which allows only a handful of
		// modules; this package is for self-hosted n8n and needs `pg`, `node:sqlite`, axios and timers.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'lib/**/*.ts'],
		...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
	},
	{
		// lib/ is the machinery below the nodes: it has no node to attach an error to, so it throws
		// its own error classes (each naming the field and the fix), and the node layer wraps them in
		// NodeOperationError / NodeApiError with the item index. The rule still holds in nodes/.
		files: ['lib/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// This older rule wants the string 'main'; current n8n types ask for NodeConnectionTypes.Main,
			// which is the same value. n8n's own node CLI turns it off for the same reason.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// This older rule wants a camelCase slug of n8n's own docs and calls any URL with a hyphen
			// "miscased"; the community-node rule it conflicts with requires a full URL, which is what
			// a community package must link to.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
);
