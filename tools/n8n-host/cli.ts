import { ensureN8nInstalled } from './install';
import { consoleLogger } from './logger';

/** `tsx tools/n8n-host/cli.ts install`: prepares the cached n8n ahead of a test run or the demo. */
async function main(command: string | undefined): Promise<void> {
	if (command === 'install') {
		const installation = await ensureN8nInstalled(consoleLogger);
		consoleLogger(`n8n ${installation.version} ready: ${installation.cliScript}`);
		return;
	}
	throw new Error(`Unknown command "${command ?? ''}". Usage: tsx tools/n8n-host/cli.ts install`);
}

main(process.argv[2]).catch((error: unknown) => {
	consoleLogger(error instanceof Error ? error.message : String(error));
	process.exitCode = 1;
});
