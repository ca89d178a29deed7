import type {
	ExecuteWorkflowData,
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IExecuteWorkflowInfo,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

/** A parameter value, or a function of the item index for values that differ per item. */
export type FakeParameter = unknown | ((itemIndex: number) => unknown);

/** One call the node made to `executeWorkflow`. */
export interface RecordedWorkflowRun {
	workflowInfo: IExecuteWorkflowInfo;
	inputData: INodeExecutionData[] | undefined;
	options: Parameters<IExecuteFunctions['executeWorkflow']>[3];
}

/** One line the node logged. */
export interface LogLine {
	level: string;
	message: string;
	meta: Record<string, unknown>;
}

/** What a fake execution context is built from; everything has a default. */
export interface FakeContextOptions {
	parameters?: Record<string, FakeParameter>;
	items?: INodeExecutionData[];
	node?: Partial<INode>;
	/** Credential data by type; a type listed here is also "chosen" on the node. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	signal?: AbortSignal;
	executionId?: string;
	workflowId?: string;
	mode?: string;
	restApiUrl?: string;
	/** Answers `executeWorkflow`; defaults to a child that returns `{ done: true }`. */
	executeWorkflow?: (run: RecordedWorkflowRun) => Promise<ExecuteWorkflowData>;
}

/** The fake context and what it recorded. */
export interface FakeContext {
	context: IExecuteFunctions;
	workflowRuns: RecordedWorkflowRun[];
	logs: LogLine[];
}

/**
 * A stand-in for n8n's IExecuteFunctions with just what the call-target code and the nodes built
 * on it use. Parameters are read like n8n reads them: the fallback applies only when the
 * parameter is absent, and an absent parameter without a fallback throws.
 */
export function fakeExecuteFunctions(options: FakeContextOptions = {}): FakeContext {
	const workflowRuns: RecordedWorkflowRun[] = [];
	const logs: LogLine[] = [];
	const node: INode = {
		id: 'node-1',
		name: 'Trigger Workflow',
		type: 'n8n-nodes-workflow-coordination.triggerWorkflow',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: Object.fromEntries(
			Object.keys(options.credentials ?? {}).map((type) => [type, { id: '1', name: type }]),
		),
		...options.node,
	};
	const logAt =
		(level: string) =>
		(message: string, meta: Record<string, unknown> = {}) =>
			logs.push({ level, message, meta });

	const context = {
		getNode: () => node,
		getInputData: () => options.items ?? [{ json: {} }],
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = options.parameters ?? {};
			if (!(name in parameters)) {
				if (fallback !== undefined) return fallback;
				throw new Error(`The fake has no parameter "${name}"`);
			}
			const value = parameters[name];
			return typeof value === 'function' ? (value as (index: number) => unknown)(itemIndex) : value;
		},
		getCredentials: async (type: string) => {
			const data = options.credentials?.[type];
			if (!data) throw new Error(`Node does not have any credentials set for "${type}"`);
			return data;
		},
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionCancelSignal: () => options.signal,
		getExecutionId: () => options.executionId ?? 'exec-7',
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-parent', name: 'Parent', active: true }),
		getMode: () => options.mode ?? 'webhook',
		getRestApiUrl: () => options.restApiUrl ?? 'http://127.0.0.1:5678/rest',
		getInstanceBaseUrl: () => 'http://127.0.0.1:5678/',
		executeWorkflow: async (
			workflowInfo: IExecuteWorkflowInfo,
			inputData?: INodeExecutionData[],
			_callbackManager?: unknown,
			runOptions?: RecordedWorkflowRun['options'],
		) => {
			const run = { workflowInfo, inputData, options: runOptions };
			workflowRuns.push(run);
			if (options.executeWorkflow) return await options.executeWorkflow(run);
			return { executionId: String(100 + workflowRuns.length), data: [[{ json: { done: true } }]] };
		},
		logger: {
			error: logAt('error'),
			warn: logAt('warn'),
			info: logAt('info'),
			debug: logAt('debug'),
		},
	} as unknown as IExecuteFunctions;

	return { context, workflowRuns, logs };
}
