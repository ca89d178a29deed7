import { NodeOperationError, type IDataObject, type IWebhookFunctions } from 'n8n-workflow';

import { readSigning, type Signing } from '../shared/call-target/signing-credential';
import { OPTION_DEFAULTS } from './options-properties';

/** How the trigger answers: at once, with the last node's output, or from a Respond to Webhook node. */
export type ResponseMode = 'onReceived' | 'lastNode' | 'responseNode';

/** The trigger's parameters, read and checked once per call. */
export interface TriggerSettings {
	path: string;
	responseMode: ResponseMode;
	/** Undefined when no signing credential is chosen: calls are then accepted unsigned. */
	signing?: Signing;
	signatureToleranceSeconds: number;
	deduplicate: boolean;
	answerRetentionSeconds: number;
	claimLeaseSeconds: number;
	duplicateWaitSeconds: number;
}

const RESPONSE_MODES: readonly ResponseMode[] = ['onReceived', 'lastNode', 'responseNode'];

/**
 * Reads the node's parameters and its signing credential.
 * @throws NodeOperationError naming the option whose value is unusable, or an empty secret.
 */
export async function readTriggerSettings(context: IWebhookFunctions): Promise<TriggerSettings> {
	const responseMode = context.getNodeParameter('responseMode', 'lastNode') as ResponseMode;
	if (!RESPONSE_MODES.includes(responseMode)) {
		throw new NodeOperationError(context.getNode(), `Respond is "${String(responseMode)}"`, {
			description: `Choose one of: ${RESPONSE_MODES.join(', ')}.`,
		});
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const seconds = (name: keyof typeof OPTION_DEFAULTS, label: string, min: number): number =>
		wholeSeconds(context, options[name] ?? OPTION_DEFAULTS[name], label, min);

	return {
		path: String(context.getNodeParameter('path', '')),
		responseMode,
		signing: await readSigning(context),
		signatureToleranceSeconds: seconds(
			'signatureToleranceSeconds',
			'Signature Window (Seconds)',
			1,
		),
		deduplicate: options.deduplicate !== false,
		answerRetentionSeconds: seconds('answerRetentionSeconds', 'Keep Answers For (Seconds)', 1),
		claimLeaseSeconds: seconds('claimLeaseSeconds', 'Claim Lease (Seconds)', 1),
		duplicateWaitSeconds: seconds(
			'duplicateWaitSeconds',
			'Wait for Running Duplicate (Seconds)',
			0,
		),
	};
}

function wholeSeconds(
	context: IWebhookFunctions,
	value: unknown,
	label: string,
	min: number,
): number {
	if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
	throw new NodeOperationError(context.getNode(), `${label} is ${JSON.stringify(value)}`, {
		description: `Set ${label} to a whole number of seconds, at least ${min}.`,
	});
}
