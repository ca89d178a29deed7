import { requestJsonOk } from './http';

/** One execution as n8n's public API lists it. */
export interface ExecutionRecord {
	id: string;
	workflowId: string;
	status: 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt: string | null;
	data?: ExecutionData;
}

/** The part of an execution's data the tests read: each node's runs and their output items. */
export interface ExecutionData {
	resultData: {
		error?: { message: string; description?: string };
		lastNodeExecuted?: string;
		runData: Record<string, NodeRun[]>;
	};
}

export interface NodeRun {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	error?: { message: string };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/** Statuses after which an execution will not change any more. */
const FINAL_STATUSES = new Set(['success', 'error', 'canceled', 'crashed']);

/** A thin client of n8n's public REST API (/api/v1), authenticated with an API key. */
export class N8nPublicApi {
	constructor(
		private readonly baseUrl: string,
		private readonly apiKey: string,
	) {}

	/** @throws Error with n8n's own message when the workflow cannot be activated (e.g. an unknown node type). */
	async activateWorkflow(workflowId: string): Promise<void> {
		await requestJsonOk(this.url(`/workflows/${workflowId}/activate`), {
			method: 'POST',
			headers: this.headers(),
		});
	}

	/**
	 * Creates a credential and returns its id. `data` holds the credential type's fields (n8n checks
	 * them against the type's schema and stores them encrypted).
	 *
	 * @throws Error with n8n's message when the type is unknown or a field is missing
	 */
	async createCredential(credential: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<string> {
		const response = await requestJsonOk<{ id: string }>(this.url('/credentials'), {
			method: 'POST',
			headers: this.headers(),
			body: credential,
		});
		return response.body.id;
	}

	async listExecutions(
		query: { workflowId?: string; status?: string; limit?: number } = {},
	): Promise<ExecutionRecord[]> {
		const params = new URLSearchParams({ limit: String(query.limit ?? 250) });
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		const response = await requestJsonOk<{ data: ExecutionRecord[] }>(
			this.url(`/executions?${params}`),
			{
				headers: this.headers(),
			},
		);
		return response.body.data;
	}

	async getExecution(executionId: string): Promise<ExecutionRecord> {
		const response = await requestJsonOk<ExecutionRecord>(
			this.url(`/executions/${executionId}?includeData=true`),
			{ headers: this.headers() },
		);
		return response.body;
	}

	/**
	 * Waits until the workflow has at least `count` finished executions and returns them with their
	 * data, oldest first. Executions are saved a moment after a webhook answers, hence the polling.
	 */
	async waitForExecutions(
		workflowId: string,
		count = 1,
		timeoutMs = 30_000,
	): Promise<ExecutionRecord[]> {
		const deadline = Date.now() + timeoutMs;
		let seen: ExecutionRecord[] = [];
		while (Date.now() < deadline) {
			seen = (await this.listExecutions({ workflowId })).filter((e) =>
				FINAL_STATUSES.has(e.status),
			);
			if (seen.length >= count) {
				const ordered = seen.sort((a, b) => Number(a.id) - Number(b.id));
				return Promise.all(ordered.map((execution) => this.getExecution(execution.id)));
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(
			`Workflow ${workflowId} has ${seen.length} finished executions after ${timeoutMs} ms, expected ${count}`,
		);
	}

	private url(path: string): string {
		return `${this.baseUrl}/api/v1${path}`;
	}

	private headers(): Record<string, string> {
		return { 'X-N8N-API-KEY': this.apiKey };
	}
}

/** The JSON items a node produced on one output in its first (or given) run. */
export function nodeOutput(
	execution: ExecutionRecord,
	nodeName: string,
	outputIndex = 0,
	runIndex = 0,
): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs) {
		const ran = Object.keys(execution.data?.resultData.runData ?? {}).join(', ');
		throw new Error(
			`Execution ${execution.id} has no run of node "${nodeName}" (nodes that ran: ${ran || 'none'})`,
		);
	}
	return (runs[runIndex]?.data?.main[outputIndex] ?? []).map((item) => item.json);
}
