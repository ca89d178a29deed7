import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where the embedded store lives unless the node says otherwise: beside n8n's own database in the
 * n8n user folder, so it shares its lifetime and backups. n8n's main process and workers on the
 * same host resolve the same folder and therefore share the file.
 */
export function defaultEmbeddedStorePath(env: NodeJS.ProcessEnv = process.env): string {
	const userFolder = env.N8N_USER_FOLDER || homedir();
	return path.join(userFolder, '.n8n', 'workflow-coordination', 'shared-state.sqlite');
}
