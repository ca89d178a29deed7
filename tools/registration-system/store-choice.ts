// Switching the workflow files between the embedded store and PostgreSQL, the way a user does it
// in the editor: every node with a "Store" parameter gets Store = PostgreSQL and a Postgres
// credential. Used by the end-to-end test that runs the templates on PostgreSQL.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { PostgresConnectionOptions } from '../../lib/state';

/** Where the templates keep shared state when they are switched to PostgreSQL. */
export interface PostgresChoice {
	connection: PostgresConnectionOptions;
	/** The name of the n8n Postgres credential to create and bind. @default 'Workflow Coordination State' */
	credentialName?: string;
}

export const DEFAULT_POSTGRES_CREDENTIAL_NAME = 'Workflow Coordination State';

interface WorkflowNode {
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
}

/**
 * Writes copies of the workflow files with every store switched to PostgreSQL and the Postgres
 * credential referenced by name (n8n binds it on import), and returns the copies' paths.
 */
export async function switchFilesToPostgres(
	files: string[],
	credentialName: string,
): Promise<string[]> {
	const folder = await mkdtemp(path.join(tmpdir(), 'wfc-postgres-templates-'));
	return Promise.all(
		files.map(async (file) => {
			const workflow = JSON.parse(await readFile(file, 'utf8')) as { nodes: WorkflowNode[] };
			for (const node of workflow.nodes) {
				if (node.parameters?.store === undefined) continue;
				node.parameters.store = 'postgres';
				node.credentials = { ...node.credentials, postgres: { id: null, name: credentialName } };
			}
			const copy = path.join(folder, path.basename(file));
			await writeFile(copy, JSON.stringify(workflow, null, '\t'));
			return copy;
		}),
	);
}

/** The fields of n8n's Postgres credential for a connection. */
export function postgresCredentialData(
	connection: PostgresConnectionOptions,
): Record<string, unknown> {
	return {
		host: connection.host,
		port: connection.port ?? 5432,
		database: connection.database,
		user: connection.user,
		password: connection.password ?? '',
		ssl: 'disable',
		allowUnauthorizedCerts: false,
		sshTunnel: false,
	};
}
