// How Trigger Workflow and Fan Out reach another workflow: one set of target parameters, one way
// of reading them, one call path (HTTP through lib/call, or n8n's executeWorkflow in-process).
export { targetProperties, type TargetKind } from './target-properties';
export { ownWebhookBaseUrl, resolveTarget, type ResolvedTarget } from './resolve-target';
export { describeTarget, incomingCorrelationId } from './call-trace';
export { retryCollection, type RetrySettings } from './call-options-properties';
export { readCallOptions } from './read-call-options';
export { invokeTarget, type InvocationResult, type TargetInvocation } from './invoke-target';
export { callErrorToNodeError, callFailureDetails } from './call-errors';
export { readSigning, SIGNING_CREDENTIAL_TYPE, type Signing } from './signing-credential';
