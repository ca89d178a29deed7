// `npm run demo`: n8n with this package and every workflow in workflows/ imported and active, on the
// embedded store, until Ctrl-C.
import { readdirSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT, consoleLogger, startN8n, type N8nInstance } from '../tools/n8n-host';

/** The workflow a person calls first, and a body that shows what it does. */
const ENTRY = {
	webhookPath: 'smoke-ping',
	sampleBody: { customer: 'ada@example.com' },
};

const DEFAULT_PORT = 5678;

async function main(): Promise<void> {
	const port = Number(process.env.N8N_HOST_PORT ?? DEFAULT_PORT);
	const workflowFiles = readdirSync(path.join(PACKAGE_ROOT, 'workflows'))
		.filter((file) => file.endsWith('.json'))
		.map((file) => path.join(PACKAGE_ROOT, 'workflows', file));

	const n8n = await startN8n({ port, keepUserFolder: true, log: consoleLogger });
	stopOnSignal(n8n);
	try {
		const imported = await n8n.importWorkflows(workflowFiles);
		await n8n.waitForWebhook(ENTRY.webhookPath);
		printWelcome(
			n8n,
			imported.map((workflow) => workflow.name),
		);
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

function printWelcome(n8n: N8nInstance, workflowNames: string[]): void {
	const curl =
		`curl -s -X POST ${n8n.baseUrl}/webhook/${ENTRY.webhookPath} ` +
		`-H 'content-type: application/json' -d '${JSON.stringify(ENTRY.sampleBody)}'`;
	console.log(
		[
			'',
			`n8n is running with n8n-nodes-workflow-coordination loaded.`,
			`  Editor:    ${n8n.baseUrl}/`,
			`  Login:     ${n8n.owner.email} / ${n8n.owner.password}`,
			`  Workflows: ${workflowNames.join(', ')} (imported and active)`,
			`  Try it:    ${curl}`,
			`  n8n log:   ${n8n.logFile}`,
			'',
			'Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);
}

function stopOnSignal(n8n: N8nInstance): void {
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		consoleLogger(`${signal} received, stopping n8n`);
		void n8n.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	consoleLogger(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
