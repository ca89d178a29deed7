// `npm run demo`: n8n with this package and the registration workflows of workflows/ (A-D) imported
// and active, on the embedded store, then one sample registration sent through them. Stays up until
// Ctrl-C so the executions can be opened in the editor.
import { consoleLogger } from '../tools/n8n-host';
import {
	WEBHOOK_PATHS,
	startRegistrationSystem,
	type RegistrationSystem,
} from '../tools/registration-system';

const DEFAULT_PORT = 5678;

const SAMPLE_REGISTRATION = {
	email: 'Ada.Lovelace@example.com',
	firstName: 'Ada',
	lastName: 'Lovelace',
	company: 'Analytical Engines Ltd',
};

async function main(): Promise<void> {
	const port = Number(process.env.N8N_HOST_PORT ?? DEFAULT_PORT);
	const system = await startRegistrationSystem({ port, keepUserFolder: true, log: consoleLogger });
	stopOnSignal(system);
	try {
		printWelcome(system);
		await sendSampleRegistration(system);
		console.log('Press Ctrl-C to stop.\n');
	} catch (error) {
		await system.stop();
		throw error;
	}
}

function printWelcome(system: RegistrationSystem): void {
	const { n8n } = system;
	const curl =
		`curl -s -X POST ${n8n.baseUrl}/webhook/${WEBHOOK_PATHS.customerRegistration} ` +
		`-H 'content-type: application/json' -d '${JSON.stringify(SAMPLE_REGISTRATION)}'`;
	console.log(
		[
			'',
			'n8n is running with n8n-nodes-workflow-coordination loaded.',
			`  Editor:    ${n8n.baseUrl}/`,
			`  Login:     ${n8n.owner.email} / ${n8n.owner.password}`,
			`  Workflows: ${system.workflows.map((workflow) => workflow.name).join(', ')} (imported and active)`,
			'  Signing:   credential "Workflow Coordination Signing", created with a fresh random secret',
			`  Try it:    ${curl}`,
			`  n8n log:   ${n8n.logFile}`,
			'',
		].join('\n'),
	);
}

async function sendSampleRegistration(system: RegistrationSystem): Promise<void> {
	console.log('Sending a sample registration to workflow A...');
	const response = await system.n8n.webhook<{ correlationId?: string }>(
		WEBHOOK_PATHS.customerRegistration,
		{ body: SAMPLE_REGISTRATION, timeoutMs: 60_000 },
	);
	console.log(`  HTTP ${response.status}`);
	console.log(indent(JSON.stringify(response.body, null, 2)));

	const correlationId = response.body?.correlationId;
	if (!correlationId) return;
	const record = await system.runRecord(correlationId);
	const steps = (record?.value as { steps?: unknown[] } | undefined)?.steps ?? [];
	console.log(`\nRun ledger (shared state "registrations", key "run:${correlationId}"):`);
	for (const step of steps) console.log(`  ${JSON.stringify(step)}`);
	console.log('');
}

function indent(text: string): string {
	return text
		.split('\n')
		.map((line) => `  ${line}`)
		.join('\n');
}

function stopOnSignal(system: RegistrationSystem): void {
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		consoleLogger(`${signal} received, stopping n8n`);
		void system.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	consoleLogger(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
