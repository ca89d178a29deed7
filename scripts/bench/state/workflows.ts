// The two workflows the state benchmark runs inside n8n. Both start from a webhook, make the same
// 10,000 items of ~1 KB in a Code node, and upsert them into PostgreSQL: one with our Shared State
// Merge (one batch), one with n8n's Postgres node running INSERT ... ON CONFLICT per item.

/** Webhook paths and the node each workflow is timed by. */
export const CONTESTANTS = {
	sharedState: { path: 'bench-state-ours', node: 'Shared State Merge', id: 'wfcBenchStateOurs' },
	postgresNode: { path: 'bench-state-pg-node', node: 'Postgres Upsert', id: 'wfcBenchStatePgNd' },
} as const;

export type ContestantName = keyof typeof CONTESTANTS;

/** The table n8n's Postgres node writes to: the same columns our store uses for these rows. */
export const POSTGRES_NODE_TABLE = 'bench_postgres_node';

/** The Code node's source: `items` items of ~1 KB JSON with a key and a value object. */
export function itemFactorySource(items: number): string {
	return [
		'const items = [];',
		`for (let i = 0; i < ${items}; i++) {`,
		"  items.push({ json: { key: 'item-' + i, value: { id: i, name: 'Item ' + i, tags: ['alpha', 'beta', 'gamma'], run: $execution.id, payload: 'x'.repeat(880) } } });",
		'}',
		'return items;',
	].join('\n');
}

/** Workflow JSON for both contestants, using the given Postgres credential id. */
export function benchWorkflows(credentialId: string, items: number): object[] {
	const credentials = { postgres: { id: credentialId, name: 'Bench database' } };
	return [
		workflow(
			'sharedState',
			{
				type: 'n8n-nodes-workflow-coordination.sharedState',
				typeVersion: 1,
				credentials,
				parameters: {
					store: 'postgres',
					schema: 'public',
					table: 'workflow_states',
					operation: 'merge',
					namespace: 'bench',
					dataSource: 'inputItems',
					keyField: 'key',
					valueField: 'value',
					options: {},
				},
			},
			items,
		),
		workflow(
			'postgresNode',
			{
				type: 'n8n-nodes-base.postgres',
				typeVersion: 2.6,
				credentials,
				parameters: {
					operation: 'executeQuery',
					query: `INSERT INTO ${POSTGRES_NODE_TABLE} (namespace, key, value) VALUES ('bench', $1, $2::jsonb) ON CONFLICT (namespace, key) DO UPDATE SET value = ${POSTGRES_NODE_TABLE}.value || EXCLUDED.value`,
					options: { queryReplacement: '={{ [$json.key, $json.value] }}' },
				},
			},
			items,
		),
	];
}

function workflow(name: ContestantName, writer: Record<string, unknown>, items: number): object {
	const { path, node, id } = CONTESTANTS[name];
	return {
		id,
		name: `Bench state - ${name}`,
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Start',
				type: 'n8n-nodes-workflow-coordination.coordinationTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: `${id}-webhook`,
				parameters: { path, responseMode: 'onReceived' },
			},
			{
				id: `${id}-items`,
				name: 'Make Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [240, 0],
				parameters: { jsCode: itemFactorySource(items) },
			},
			{ id: `${id}-writer`, name: node, position: [480, 0], ...writer },
		],
		connections: {
			Start: { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] },
			'Make Items': { main: [[{ node, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}
