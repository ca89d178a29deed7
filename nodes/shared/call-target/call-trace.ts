import type { INodeExecutionData } from 'n8n-workflow';

import { isValidCorrelationId } from '../../../lib/protocol/correlation';
import type { ResolvedTarget } from './resolve-target';

/**
 * The correlation ID an input item carries (a Coordination Trigger puts it at `correlationId`),
 * when it is usable; a calling node continues that trace instead of starting one.
 */
export function incomingCorrelationId(item: INodeExecutionData | undefined): string | undefined {
	const value = item?.json.correlationId;
	return typeof value === 'string' && isValidCorrelationId(value) ? value : undefined;
}

/**
 * The target as one string: what derived idempotency keys are built from, and what log lines
 * show. Both calling nodes use it, so the same target always yields the same key material.
 */
export function describeTarget(target: ResolvedTarget): string {
	return target.kind === 'workflow' ? `workflow:${target.workflowId}` : target.url;
}
