// A fake IExecuteFunctions with just what Fan Out touches, and recordings of what it did.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

/** A parameter that differs per item, as an expression would; stored as `=…` on the node. */
export type PerItem = (itemIndex: number) => unknown;

export interface FakeContextOptions {
	items: IDataObject[];
	/** Plain values, or per-item functions standing in for expressions. */
	parameters: Record<string, unknown>;
	continueOnFail?: boolean;
	signal?: AbortSignal;
	/** n8n's in-process run; only for tests that go through the real in-process call path. */
	executeWorkflow?: IExecuteFunctions['executeWorkflow'];
}

export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
	meta?: Record<string, unknown>;
}

export interface FakeContext {
	context: IExecuteFunctions;
	logs: LogLine[];
	hints: string[];
	/** How often each parameter was read. */
	reads: Map<string, number>;
}

const DEFAULTS: Record<string, unknown> = {
	target: 'workflow',
	workflowId: 'childWorkflow01',
	method: 'POST',
	listField: '',
	concurrency: 2,
	completion: 'all',
	failurePolicy: 'failFast',
	retry: { maxAttempts: 1 },
	options: {},
};

export function fakeContext(options: FakeContextOptions): FakeContext {
	const parameters = { ...DEFAULTS, ...options.parameters };
	const logs: LogLine[] = [];
	const hints: string[] = [];
	const reads = new Map<string, number>();
	const node: INode = {
		id: 'fan-out-node',
		name: 'Fan Out',
		type: 'n8n-nodes-workflow-coordination.fanOut',
		typeVersion: 1,
		position: [0, 0],
		parameters: Object.fromEntries(
			Object.entries(parameters).map(([name, value]) => [
				name,
				typeof value === 'function' ? `={{ per item ${name} }}` : value,
			]),
		) as INode['parameters'],
	};
	const items: INodeExecutionData[] = options.items.map((json) => ({ json }));
	const log = (level: LogLine['level']) => (message: string, meta?: Record<string, unknown>) =>
		logs.push({ level, message, meta });

	const context = {
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			reads.set(name, (reads.get(name) ?? 0) + 1);
			const value = parameters[name];
			if (typeof value === 'function') return (value as PerItem)(itemIndex);
			return value === undefined ? fallback : structuredClone(value);
		},
		continueOnFail: () => options.continueOnFail === true,
		getExecutionCancelSignal: () => options.signal,
		getExecutionId: () => 'parent-execution-1',
		getWorkflow: () => ({ id: 'parentWorkflow01', name: 'Parent', active: true }),
		getMode: () => 'webhook',
		getRestApiUrl: () => 'http://127.0.0.1:5678/rest',
		getInstanceBaseUrl: () => 'http://127.0.0.1:5678/',
		getCredentials: () => Promise.reject(new Error('no credentials in this fake')),
		addExecutionHints: (...added: Array<{ message: string }>) =>
			hints.push(...added.map((hint) => hint.message)),
		executeWorkflow:
			options.executeWorkflow ??
			(() => Promise.reject(new Error('executeWorkflow is not faked in this test'))),
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
	};
	return { context: context as unknown as IExecuteFunctions, logs, hints, reads };
}

/** The JSON of each item of one output. */
export function jsonOf(output: INodeExecutionData[]): IDataObject[] {
	return output.map((item) => item.json);
}

/** Lets pending promise callbacks and immediate timers run until `condition` holds. */
export async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
	for (let turn = 0; turn < 10_000; turn++) {
		if (condition()) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
	throw new Error(`Gave up waiting for ${what}`);
}
