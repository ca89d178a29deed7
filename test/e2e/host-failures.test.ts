// The n8n host fails loudly and leaves nothing behind when n8n cannot start or cannot run a
// workflow: the failures a person meets first when something is misconfigured.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { instancesRoot } from '../../tools/n8n-host/config';
import { startN8n, type N8nInstance } from '../../tools/n8n-host';

/** Command lines of the processes in a process group: n8n and its task runner share one. */
function processesInGroup(groupId: number): string[] {
	const listing = execFileSync('ps', ['-eo', 'pgid=,args='], { encoding: 'utf8' });
	return listing
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.split(/\s+/)[0] === String(groupId));
}

/** User folders the host made for instances on this port. */
async function userFoldersForPort(port: number): Promise<string[]> {
	const folders = await readdir(instancesRoot()).catch(() => [] as string[]);
	return folders.filter((folder) => folder.startsWith(`n8n-${port}-`));
}

describe('the n8n host when things go wrong', () => {
	it('refuses a port that is taken, naming the port and the way out, before starting anything', async () => {
		const blocker: Server = createServer();
		await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
		const port = (blocker.address() as { port: number }).port;
		try {
			await expect(startN8n({ port })).rejects.toThrow(
				`Port ${port} on 127.0.0.1 (n8n) is already in use by another process`,
			);
			expect(await userFoldersForPort(port)).toEqual([]);
		} finally {
			await new Promise((resolve) => blocker.close(resolve));
		}
	});

	describe('with a workflow that uses a node type the package does not have', () => {
		let n8n: N8nInstance;
		let file: string;

		beforeAll(async () => {
			n8n = await startN8n();
			file = path.join(await mkdtemp(path.join(tmpdir(), 'wfc-host-')), 'unknown-node.json');
			await writeFile(
				file,
				JSON.stringify({
					id: 'wfcHostUnknown01',
					name: 'Host - Unknown Node Type',
					nodes: [
						{
							id: 'b3c5a1e0-0000-4000-8000-000000000001',
							name: 'Misspelled Trigger',
							type: 'n8n-nodes-workflow-coordination.coordinationTriger',
							typeVersion: 1,
							position: [0, 0],
							webhookId: 'b3c5a1e0-0000-4000-8000-0000000000aa',
							parameters: { path: 'host-unknown-node' },
						},
					],
					connections: {},
					settings: { executionOrder: 'v1' },
				}),
			);
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		it('fails the import with the workflow named and n8n reason, and the webhook stays unregistered', async () => {
			await expect(n8n.importWorkflows([file])).rejects.toThrow(
				/n8n refused to activate workflow "Host - Unknown Node Type"/,
			);
			await expect(n8n.waitForWebhook('host-unknown-node', 2_000)).rejects.toThrow(
				'Webhook "host-unknown-node" is still not registered after 2000 ms',
			);
		});

		it('stops n8n and its task runner completely', async () => {
			const groupId = n8n.pid as number;
			// n8n itself and the task runner it started.
			expect(processesInGroup(groupId).length).toBeGreaterThanOrEqual(2);

			await n8n.stop();

			expect(processesInGroup(groupId)).toEqual([]);
			expect(await userFoldersForPort(n8n.address.port)).toEqual([]);
		});
	});
});
