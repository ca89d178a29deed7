// The benchmark's workflows: a webhook makes N items, then one node calls the same local URL once
// per item and waits for each answer, then a Code node counts the answers.

const PACKAGE = 'n8n-nodes-workflow-coordination';

/** The callers compared, with their webhook path, workflow id and the name of the measured node. */
export const CALLERS = {
	triggerWorkflow: { path: 'bench-tw', id: 'wfcBenchTw000001', node: 'Trigger Workflow' },
	httpRequest: { path: 'bench-tw-http', id: 'wfcBenchTw000002', node: 'HTTP Request' },
	triggerWorkflowExpressionBody: {
		path: 'bench-tw-expr',
		id: 'wfcBenchTw000003',
		node: 'Trigger Workflow',
	},
} as const;

export type CallerName = keyof typeof CALLERS;

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	webhookId?: string;
}

// Items of about 200 bytes, like a small business record.
const MAKE_ITEMS_CODE = `const count = $json.body.count;
return Array.from({ length: count }, (_, n) => ({
	json: { n, customer: { id: 'c-' + n, email: 'user' + n + '@example.com', plan: 'pro' }, note: 'x'.repeat(80) },
}));`;

const COUNT_CODE = `return [{ json: { count: $input.all().length, executionId: $execution.id } }];`;

function callerNode(name: CallerName, url: string): WorkflowNode {
	if (name === 'httpRequest') {
		return {
			name: CALLERS.httpRequest.node,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.5,
			parameters: {
				method: 'POST',
				url,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ $json }}',
				options: {},
			},
		};
	}
	const body =
		name === 'triggerWorkflowExpressionBody'
			? { bodySource: 'custom', customBody: '={{ $json }}' }
			: { bodySource: 'itemJson' };
	return {
		name: CALLERS[name].node,
		type: `${PACKAGE}.triggerWorkflow`,
		typeVersion: 1,
		parameters: {
			target: 'url',
			url,
			method: 'POST',
			mode: 'wait',
			itemMode: 'eachItem',
			...body,
			retry: {},
			options: {},
		},
	};
}

/** One workflow per caller, all calling `url`. */
export function benchWorkflows(url: string): Record<string, unknown>[] {
	return (Object.keys(CALLERS) as CallerName[]).map((name) => {
		const { id, path } = CALLERS[name];
		const nodes: WorkflowNode[] = [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{
				name: 'Make Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: MAKE_ITEMS_CODE, mode: 'runOnceForAllItems' },
			},
			callerNode(name, url),
			{
				name: 'Count',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: COUNT_CODE, mode: 'runOnceForAllItems' },
			},
		];
		const connections = Object.fromEntries(
			nodes
				.slice(0, -1)
				.map((node, index) => [
					node.name,
					{ main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] },
				]),
		);
		return {
			id,
			name: `Bench - ${name}`,
			nodes: nodes.map((node, index) => ({
				id: `${id}-n${index}`,
				position: [index * 240, 0],
				...node,
			})),
			connections,
			settings: { executionOrder: 'v1' },
			active: false,
			pinData: {},
		};
	});
}
