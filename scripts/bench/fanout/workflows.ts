// The workflows the Fan Out benchmark imports: targets (a webhook and an in-process sub-workflow
// that wait 5-50 ms; a sub-workflow that calls a slow local server) and one parent per scenario.
// Each parent is Webhook -> Make Items -> <the node under test> -> Count, answering with the count.

const PACKAGE = 'n8n-nodes-workflow-coordination';

/** Webhook paths and workflow IDs the benchmark drives. */
export const BENCH = {
	cpuTargetPath: 'bench-cpu-target',
	cpuTargetId: 'wfcBenchCpuHook1',
	cpuSubWorkflowId: 'wfcBenchCpuSub01',
	ioSubWorkflowId: 'wfcBenchIoSub001',
	parents: {
		fanOutHttp: { path: 'bench-fan-out-http', id: 'wfcBenchParent01' },
		fanOutInProcess: { path: 'bench-fan-out-in-process', id: 'wfcBenchParent02' },
		httpRequest: { path: 'bench-http-request', id: 'wfcBenchParent03' },
		executeWorkflow: { path: 'bench-execute-workflow', id: 'wfcBenchParent04' },
		ioFanOut: { path: 'bench-io-fan-out', id: 'wfcBenchParent05' },
		ioExecuteWorkflow: { path: 'bench-io-execute-workflow', id: 'wfcBenchParent06' },
	},
} as const;

export type ParentName = keyof typeof BENCH.parents;

/** The workflow each parent starts once per item, whose executions count its progress. */
export const CHILD_OF: Record<ParentName, string> = {
	fanOutHttp: BENCH.cpuTargetId,
	httpRequest: BENCH.cpuTargetId,
	fanOutInProcess: BENCH.cpuSubWorkflowId,
	executeWorkflow: BENCH.cpuSubWorkflowId,
	ioFanOut: BENCH.ioSubWorkflowId,
	ioExecuteWorkflow: BENCH.ioSubWorkflowId,
};

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	webhookId?: string;
}

const WAIT_CODE = `// CPU-bound target: a short, varied wait, like a sub-workflow doing a little work.
const waitedMs = 5 + Math.floor(Math.random() * 46);
await new Promise((resolve) => setTimeout(resolve, waitedMs));
return [{ json: { waitedMs } }];`;

const MAKE_ITEMS_CODE = `const count = $json.body.count;
return Array.from({ length: count }, (_, n) => ({ json: { n } }));`;

const COUNT_CODE = 'return [{ json: { count: $input.all().length } }];';

function workflow(id: string, name: string, nodes: WorkflowNode[]): Record<string, unknown> {
	const placed = nodes.map((node, index) => ({
		id: `${id}-node-${index}`,
		position: [index * 240, 0],
		...node,
	}));
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		id,
		name,
		nodes: placed,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

function webhookNode(path: string, responseMode: 'lastNode' | 'onReceived'): WorkflowNode {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: `bench-${path}`,
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode,
			responseData: 'firstEntryJson',
			options: {},
		},
	};
}

function codeNode(name: string, jsCode: string): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode, mode: 'runOnceForAllItems' },
	};
}

const subWorkflowTrigger: WorkflowNode = {
	name: 'When Called',
	type: 'n8n-nodes-base.executeWorkflowTrigger',
	typeVersion: 1.1,
	parameters: { inputSource: 'passthrough' },
};

function fanOutNode(target: Record<string, unknown>): WorkflowNode {
	return {
		name: 'Fan Out',
		type: `${PACKAGE}.fanOut`,
		typeVersion: 1,
		parameters: {
			...target,
			concurrency: 16,
			completion: 'all',
			failurePolicy: 'never',
			options: { deadlineMs: 900_000 },
		},
	};
}

function executeWorkflowNode(workflowId: string): WorkflowNode {
	return {
		name: 'Execute Workflow',
		type: 'n8n-nodes-base.executeWorkflow',
		typeVersion: 1.2,
		parameters: {
			source: 'database',
			workflowId: { __rl: true, value: workflowId, mode: 'id' },
			mode: 'each',
			options: { waitForSubWorkflow: true },
		},
	};
}

function parent(name: ParentName, node: WorkflowNode): Record<string, unknown> {
	const { path, id } = BENCH.parents[name];
	return workflow(id, `Bench - ${name}`, [
		webhookNode(path, 'lastNode'),
		codeNode('Make Items', MAKE_ITEMS_CODE),
		node,
		codeNode('Count', COUNT_CODE),
	]);
}

/** Every workflow of the benchmark, for `importWorkflows`. */
export function benchWorkflows(
	n8nBaseUrl: string,
	slowServerUrl: string,
): Record<string, unknown>[] {
	const cpuTargetUrl = `${n8nBaseUrl}/webhook/${BENCH.cpuTargetPath}`;
	return [
		workflow(BENCH.cpuTargetId, 'Bench - CPU target (webhook)', [
			webhookNode(BENCH.cpuTargetPath, 'lastNode'),
			codeNode('Wait 5-50 ms', WAIT_CODE),
		]),
		workflow(BENCH.cpuSubWorkflowId, 'Bench - CPU target (sub-workflow)', [
			subWorkflowTrigger,
			codeNode('Wait 5-50 ms', WAIT_CODE),
		]),
		workflow(BENCH.ioSubWorkflowId, 'Bench - I/O target (sub-workflow)', [
			subWorkflowTrigger,
			{
				name: 'Call Slow Server',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: { method: 'GET', url: slowServerUrl, options: {} },
			},
		]),
		parent('fanOutHttp', fanOutNode({ target: 'path', path: BENCH.cpuTargetPath })),
		parent(
			'fanOutInProcess',
			fanOutNode({ target: 'workflow', workflowId: BENCH.cpuSubWorkflowId }),
		),
		parent('httpRequest', {
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: cpuTargetUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ $json }}',
				options: { batching: { batch: { batchSize: 16, batchInterval: 0 } } },
			},
		}),
		parent('executeWorkflow', executeWorkflowNode(BENCH.cpuSubWorkflowId)),
		parent('ioFanOut', fanOutNode({ target: 'workflow', workflowId: BENCH.ioSubWorkflowId })),
		parent('ioExecuteWorkflow', executeWorkflowNode(BENCH.ioSubWorkflowId)),
	];
}
