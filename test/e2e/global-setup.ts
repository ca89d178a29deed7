import { consoleLogger, ensureN8nInstalled } from '../../tools/n8n-host';

/**
 * Installs the pinned n8n once before the e2e files run, so that parallel test files do not each
 * wait on the install lock with their own test timeouts running.
 */
export default async function installN8nOnce(): Promise<void> {
	await ensureN8nInstalled(consoleLogger);
}
