import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallMethod } from '../../../lib/call';
import type { TargetKind } from './target-properties';

/** Where one call goes, after its parameters were read and checked. */
export type ResolvedTarget =
	{ kind: 'http'; url: string; method: CallMethod } | { kind: 'workflow'; workflowId: string };

const TARGET_KINDS: readonly TargetKind[] = ['path', 'url', 'workflow'];

/** A workflow ID as n8n generates them, or a number from older instances. */
const WORKFLOW_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads the target parameters for one item.
 * @param baseUrl Where "Path on This n8n" points: the signing credential's Base URL, or undefined
 *   to use this instance's webhook URL.
 * @throws NodeOperationError naming the field and what a usable value looks like.
 */
export function resolveTarget(
	context: IExecuteFunctions,
	itemIndex: number,
	baseUrl: string | undefined,
): ResolvedTarget {
	const kind = context.getNodeParameter('target', itemIndex) as TargetKind;
	if (!TARGET_KINDS.includes(kind)) {
		// Reachable when Target is an expression: the editor's option list cannot guard it.
		throw new NodeOperationError(
			context.getNode(),
			`Target ${JSON.stringify(kind)} is not a target kind`,
			{ itemIndex, description: "Use 'path', 'url' or 'workflow'." },
		);
	}

	if (kind === 'workflow') {
		const workflowId = String(context.getNodeParameter('workflowId', itemIndex)).trim();
		if (!WORKFLOW_ID_PATTERN.test(workflowId)) {
			throw new NodeOperationError(
				context.getNode(),
				`Workflow ID ${JSON.stringify(workflowId)} is not a workflow ID`,
				{
					itemIndex,
					description:
						"Copy the ID from the called workflow's URL (…/workflow/<ID>), e.g. 3hUX1sYQm0u4cDkL.",
				},
			);
		}
		return { kind: 'workflow', workflowId };
	}

	const method = context.getNodeParameter('method', itemIndex, 'POST') as CallMethod;
	if (kind === 'url') {
		let url = String(context.getNodeParameter('url', itemIndex)).trim();
		// A URL that starts with one slash is on this n8n (or the credential's Base URL), so a
		// workflow file can point at a sibling workflow without knowing the host it runs on.
		if (/^\/(?!\/)/.test(url)) url = `${webhookBase(context, baseUrl)}${url}`;
		return { kind: 'http', url: requireHttpUrl(context, itemIndex, 'Webhook URL', url), method };
	}

	const path = String(context.getNodeParameter('path', itemIndex))
		.trim()
		.replace(/^\/+/, '')
		.replace(/^webhook\//, '');
	if (path.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Webhook Path is empty', {
			itemIndex,
			description:
				"Enter the path of the called workflow's trigger, e.g. create-account for /webhook/create-account.",
		});
	}
	const url = `${webhookBase(context, baseUrl)}/webhook/${path}`;
	return { kind: 'http', url: requireHttpUrl(context, itemIndex, 'Webhook Path', url), method };
}

/** The credential's Base URL when set, else this n8n's webhook base URL; no trailing slash. */
function webhookBase(context: IExecuteFunctions, baseUrl: string | undefined): string {
	return (baseUrl?.trim() || ownWebhookBaseUrl(context)).replace(/\/+$/, '');
}

function requireHttpUrl(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	url: string,
): string {
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw new NodeOperationError(
			context.getNode(),
			`${field} gives ${JSON.stringify(url)}, which is not an http(s) URL`,
			{
				itemIndex,
				description:
					'Use a full URL such as https://n8n.example.com/webhook/create-account; for a path on this n8n, check the Base URL of the signing credential.',
			},
		);
	}
	return url;
}

/**
 * This n8n's webhook base URL (N8N_WEBHOOK_URL, or the one n8n derives from host and port). Node
 * contexts do not expose it directly, but the REST API URL is built on it: `<webhook base>rest`.
 * getInstanceBaseUrl() would be the editor's URL, which differs behind some proxies.
 */
export function ownWebhookBaseUrl(context: IExecuteFunctions): string {
	const restApiUrl = context.getRestApiUrl();
	return restApiUrl
		? new URL('.', restApiUrl.replace(/\/+$/, '')).toString()
		: context.getInstanceBaseUrl();
}
