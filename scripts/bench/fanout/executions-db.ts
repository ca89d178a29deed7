// Counts finished executions straight from n8n's SQLite database, which can be read while n8n runs.
// Used for a scenario stopped on its memory bound, whose parent never answers with a count.
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Successful executions of `workflowId` so far, or undefined when the database cannot be read. */
export function countSuccessfulExecutions(
	userFolder: string,
	workflowId: string,
): number | undefined {
	let database: DatabaseSync | undefined;
	try {
		database = new DatabaseSync(path.join(userFolder, '.n8n', 'database.sqlite'), {
			readOnly: true,
		});
		const row = database
			.prepare(
				"SELECT COUNT(*) AS count FROM execution_entity WHERE workflowId = ? AND status = 'success'",
			)
			.get(workflowId) as { count: number } | undefined;
		return row?.count;
	} catch {
		return undefined;
	} finally {
		database?.close();
	}
}
