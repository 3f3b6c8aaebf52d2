import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'test/**',
			'scripts/**',
			'bench/**',
			'examples/**',
			'.ci/**',
			'gulpfile.js',
			'index.js',
			'.n8n-dev/**',
		],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: { parser: tseslint.parser },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		...n8nCommunityNodesPlugin.configs.recommended,
	},
	...tseslint.configs.recommended.map((config) => ({
		...config,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	})),
];
