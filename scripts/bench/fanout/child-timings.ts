// Where the time of an I/O-bound branch goes, read from n8n's own records of the child executions
// (n8n's data in PostgreSQL only). A branch holds one of the caller's window slots from the moment
// it asks n8n to start the child until the child's answer is back; n8n records when it created
// the child's execution, when the child started running and when it stopped. What is left of the
// slot's time is spent before the execution is created (loading the sub-workflow, checks) and
// after it stopped (saving it, statistics, handing the answer back), plus the caller's own work.
import { Client } from 'pg';

import type { N8nPostgresDatabase } from '../../../tools/n8n-host';

/** Means over the children of one scenario, in milliseconds. */
export interface BranchTimeBreakdown {
	/** Time a window slot spent per branch: run time x branches in flight / branches. */
	slotMs: number;
	/** Created to started: n8n's checks and bookkeeping before the child's first node runs. */
	startDelayMs: number;
	/** Started to stopped: the child's nodes, the slow call among them. */
	runMs: number;
	/** The rest of the slot: n8n before creating and after stopping the child, and the caller. */
	outsideMs: number;
	/** How many child executions the means are taken over. */
	children: number;
}

interface TimingRow {
	children: string;
	start_delay_ms: number | null;
	run_ms: number | null;
}

/** Reads the last `branches` successful executions of `workflowId` and splits the slot time. */
export async function readBranchTimeBreakdown(
	database: N8nPostgresDatabase,
	workflowId: string,
	run: { branches: number; seconds: number; inFlight: number },
): Promise<BranchTimeBreakdown> {
	const client = new Client({ ...database });
	await client.connect();
	try {
		const { rows } = await client.query<TimingRow>(
			`SELECT count(*) AS children,
			        avg(extract(epoch FROM "startedAt" - "createdAt"))::float8 * 1000 AS start_delay_ms,
			        avg(extract(epoch FROM "stoppedAt" - "startedAt"))::float8 * 1000 AS run_ms
			   FROM (SELECT "createdAt", "startedAt", "stoppedAt" FROM execution_entity
			          WHERE "workflowId" = $1 AND status = 'success'
			          ORDER BY id DESC LIMIT $2) AS last_run`,
			[workflowId, run.branches],
		);
		const row = rows[0];
		if (!row || row.start_delay_ms === null || row.run_ms === null) {
			throw new Error(`n8n's database holds no successful execution of ${workflowId}`);
		}
		const slotMs = (run.seconds * 1000 * run.inFlight) / run.branches;
		const round = (ms: number) => Math.round(ms * 10) / 10;
		return {
			slotMs: round(slotMs),
			startDelayMs: round(row.start_delay_ms),
			runMs: round(row.run_ms),
			outsideMs: round(slotMs - row.start_delay_ms - row.run_ms),
			children: Number(row.children),
		};
	} finally {
		await client.end();
	}
}
