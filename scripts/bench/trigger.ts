// `npm run bench:trigger`: Trigger Workflow against n8n's HTTP Request node, in one n8n run.
// Each run makes N items (default 400, `--items=N`) and one node calls the same local URL once per
// item, waiting for each answer. The target is a tiny server in this process that answers at once,
// so the time is the calling node's, not the callee's (a webhook workflow as target would cost n8n
// ~47 ms CPU per call in the same process and measure n8n's webhook handling instead).
// Each node is timed by n8n itself (executionTime of its run in the execution data); runs alternate
// between the callers after one warm-up each, and the medians of 3 are compared.
// The last stdout line is one JSON object: {"overheadVsHttpRequest": <ours / theirs>}.

import { startN8n, type N8nInstance } from '../../tools/n8n-host';
import { startAnswerServer, type AnswerServer } from './trigger/answer-server';
import { benchWorkflows, CALLERS, type CallerName } from './trigger/workflows';

const RUNS = 3;
const WHOLE_RUN_LIMIT_MS = 10 * 60_000;
const ORDER: CallerName[] = ['triggerWorkflow', 'httpRequest', 'triggerWorkflowExpressionBody'];

interface RunFigures {
	nodeMs: number;
	connections: number;
}

function parseItems(): number {
	const given = process.argv.find((arg) => arg.startsWith('--items='))?.split('=')[1];
	const items = Number(given ?? 400);
	if (!Number.isInteger(items) || items < 1 || items > 5000) {
		throw new Error('--items must be a whole number between 1 and 5000');
	}
	return items;
}

async function importBenchWorkflows(n8n: N8nInstance, url: string): Promise<void> {
	await n8n.importWorkflowDefinitions(benchWorkflows(url));
	for (const caller of Object.values(CALLERS)) await n8n.waitForWebhook(caller.path);
}

/** One run of one caller: N calls, timed by n8n's own record of the calling node. */
async function runOnce(
	n8n: N8nInstance,
	server: AnswerServer,
	name: CallerName,
	items: number,
): Promise<RunFigures> {
	server.reset();
	const caller = CALLERS[name];
	const answer = await n8n.webhook<{ count: number; executionId: string }>(caller.path, {
		body: { count: items },
		timeoutMs: 300_000,
	});
	if (answer.status !== 200 || answer.body.count !== items) {
		throw new Error(`${name} run failed: ${answer.status} ${answer.text.slice(0, 300)}`);
	}
	const counts = server.counts();
	if (counts.requests !== items || counts.badBodies !== 0) {
		throw new Error(`${name} sent ${counts.requests} requests (${counts.badBodies} without JSON)`);
	}

	const execution = await n8n.api.getExecution(answer.body.executionId);
	const run = execution.data?.resultData.runData[caller.node]?.[0];
	if (!run) throw new Error(`${name}: execution ${execution.id} has no run of ${caller.node}`);
	return { nodeMs: run.executionTime, connections: counts.connections };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function measure(n8n: N8nInstance, server: AnswerServer, items: number) {
	for (const name of ORDER) await runOnce(n8n, server, name, items); // warm-up, not counted

	const figures = new Map<CallerName, RunFigures[]>(ORDER.map((name) => [name, []]));
	for (let round = 1; round <= RUNS; round++) {
		for (const name of ORDER) {
			const run = await runOnce(n8n, server, name, items);
			figures.get(name)!.push(run);
			console.log(
				`round ${round} ${name}: ${run.nodeMs} ms for ${items} calls (${run.connections} TCP connections)`,
			);
		}
	}
	return figures;
}

async function main(): Promise<void> {
	const items = parseItems();
	const server = await startAnswerServer();
	let n8n: N8nInstance | undefined;
	const limit = setTimeout(() => {
		console.error(`bench:trigger did not finish within ${WHOLE_RUN_LIMIT_MS / 60_000} minutes`);
		void Promise.allSettled([n8n?.stop(), server.close()]).then(() => process.exit(1));
	}, WHOLE_RUN_LIMIT_MS);

	try {
		n8n = await startN8n({ log: (line) => console.log(`[n8n-host] ${line}`) });
		await importBenchWorkflows(n8n, server.url);
		const figures = await measure(n8n, server, items);

		const medianMs = (name: CallerName) => median(figures.get(name)!.map((run) => run.nodeMs));
		const ours = medianMs('triggerWorkflow');
		const theirs = medianMs('httpRequest');
		const oursWithExpression = medianMs('triggerWorkflowExpressionBody');
		console.log(
			`medians of ${RUNS}: Trigger Workflow ${ours} ms (${(ours / items).toFixed(2)} ms per call), ` +
				`HTTP Request ${theirs} ms (${(theirs / items).toFixed(2)} ms per call), ` +
				`Trigger Workflow with an expression body ${oursWithExpression} ms`,
		);
		console.log(
			JSON.stringify({
				items,
				triggerWorkflowMs: ours,
				httpRequestMs: theirs,
				triggerWorkflowExpressionBodyMs: oursWithExpression,
				expressionBodyVsHttpRequest: round(oursWithExpression / theirs),
			}),
		);
		console.log(JSON.stringify({ overheadVsHttpRequest: round(ours / theirs) }));
	} finally {
		clearTimeout(limit);
		await n8n?.stop();
		await server.close();
	}
}

function round(value: number): number {
	return Math.round(value * 1000) / 1000;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
