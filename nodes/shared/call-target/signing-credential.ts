import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The credential type that holds the shared secret; see credentials/WorkflowCoordinationSigningApi. */
export const SIGNING_CREDENTIAL_TYPE = 'workflowCoordinationSigningApi';

/** What a node needs from the signing credential. */
export interface Signing {
	secret: string;
	/** Base URL for "Path on This n8n" targets; undefined means this instance. */
	baseUrl?: string;
}

/**
 * Reads the signing credential when the node has one, or returns undefined (unsigned calls).
 * @throws NodeOperationError when the credential is chosen but its secret is empty.
 */
export async function readSigning(
	context: IExecuteFunctions | IWebhookFunctions,
): Promise<Signing | undefined> {
	// Asked first because getCredentials throws for an optional credential that was not chosen.
	if (!context.getNode().credentials?.[SIGNING_CREDENTIAL_TYPE]) return undefined;
	const credentials = await context.getCredentials(SIGNING_CREDENTIAL_TYPE);
	const secret = String(credentials.secret ?? '');
	if (secret.length === 0) {
		throw new NodeOperationError(
			context.getNode(),
			'The signing credential has an empty Shared Secret',
			{
				description:
					'Open the Workflow Coordination Signing API credential and enter a long random secret.',
			},
		);
	}
	const baseUrl = String(credentials.baseUrl ?? '').trim();
	return { secret, baseUrl: baseUrl || undefined };
}
