import type { IWebhookFunctions, LogMetadata } from 'n8n-workflow';

/** Logs one call's steps with its correlation ID and workflow, never its body or secrets. */
export interface CallLog {
	debug(message: string, meta?: LogMetadata): void;
	info(message: string, meta?: LogMetadata): void;
	warn(message: string, meta?: LogMetadata): void;
	error(message: string, meta?: LogMetadata): void;
}

/** A {@link CallLog} writing through n8n's logger as 'CoordinationTrigger: <message>'. */
export function callLog(context: IWebhookFunctions, correlationId: string): CallLog {
	const base = { correlationId, workflowId: context.getWorkflow().id };
	const write =
		(level: keyof CallLog) =>
		(message: string, meta: LogMetadata = {}): void =>
			context.logger[level](`CoordinationTrigger: ${message}`, { ...base, ...meta });
	return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
