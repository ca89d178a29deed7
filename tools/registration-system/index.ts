// The registration system of workflows/ (A validates, B creates the account, C syncs the CRM, D
// mocks the CRM) started in a real n8n: what the demo runs and what the end-to-end tests drive.
// Tooling, never shipped.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';

import {
	closeSharedStateStores,
	sharedStateStore,
	type StateRecord,
	type StateStore,
	type StateStoreLocation,
} from '../../lib/state';
import {
	PACKAGE_ROOT,
	startN8n,
	type ImportedWorkflow,
	type N8nInstance,
	type StartOptions,
} from '../n8n-host';
import {
	DEFAULT_POSTGRES_CREDENTIAL_NAME,
	postgresCredentialData,
	switchFilesToPostgres,
	type PostgresChoice,
} from './store-choice';

export type { PostgresChoice } from './store-choice';

/** How to start the system: the host's options, and PostgreSQL instead of the embedded store. */
export interface RegistrationSystemOptions extends StartOptions {
	postgres?: PostgresChoice;
}

/** The name the workflow files give their signing credential; n8n binds it by name on import. */
export const SIGNING_CREDENTIAL_NAME = 'Workflow Coordination Signing';

/** Fixed workflow ids (from the files), so callers can find each workflow's executions. */
export const WORKFLOW_IDS = {
	customerValidation: 'wfcTemplateA0001',
	accountCreation: 'wfcTemplateB0001',
	crmSync: 'wfcTemplateC0001',
	mockCrm: 'wfcTemplateD0001',
} as const;

/** Webhook paths of the four workflows. */
export const WEBHOOK_PATHS = {
	customerRegistration: 'customer-registration',
	createAccount: 'create-account',
	crmSync: 'crm-sync',
	mockCrm: 'mock-crm',
} as const;

/** Shared-state namespaces the workflows use. */
export const NAMESPACES = {
	registrations: 'registrations',
	accounts: 'accounts',
	mockCrm: 'mock-crm',
} as const;

/** A running n8n with the four workflows active and the signing secret they share. */
export interface RegistrationSystem {
	n8n: N8nInstance;
	workflows: ImportedWorkflow[];
	signingSecret: string;
	/**
	 * The store the workflows write to, opened from this process (the embedded file is safe to share:
	 * SQLite in WAL mode).
	 */
	store: StateStore;
	/** The run record of one registration: customer, CRM results and the ledger of steps. */
	runRecord(correlationId: string): Promise<StateRecord | undefined>;
	stop(): Promise<void>;
}

/** The workflow files a user imports: every JSON file in workflows/. */
export function workflowFiles(): string[] {
	const folder = path.join(PACKAGE_ROOT, 'workflows');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => path.join(folder, file));
}

/**
 * Starts n8n, creates the signing credential with a fresh random secret (the only step a user
 * does by hand after importing), imports and activates every workflow in workflows/, and waits
 * until their webhooks answer.
 * @throws Error from the host when n8n cannot start or a workflow cannot be activated; nothing
 *   is left running then.
 */
export async function startRegistrationSystem(
	options: RegistrationSystemOptions = {},
): Promise<RegistrationSystem> {
	const n8n = await startN8n(options);
	try {
		const signingSecret = randomBytes(32).toString('hex');
		await n8n.api.createCredential({
			name: SIGNING_CREDENTIAL_NAME,
			type: 'workflowCoordinationSigningApi',
			data: { secret: signingSecret, baseUrl: '' },
		});
		let files = workflowFiles();
		let location: StateStoreLocation = { backend: 'embedded', filePath: n8n.embeddedStorePath };
		if (options.postgres) {
			const credentialName = options.postgres.credentialName ?? DEFAULT_POSTGRES_CREDENTIAL_NAME;
			await n8n.api.createCredential({
				name: credentialName,
				type: 'postgres',
				data: postgresCredentialData(options.postgres.connection),
			});
			files = await switchFilesToPostgres(files, credentialName);
			location = { backend: 'postgres', connection: options.postgres.connection };
		}
		const workflows = await n8n.importWorkflows(files);
		for (const webhookPath of Object.values(WEBHOOK_PATHS)) await n8n.waitForWebhook(webhookPath);

		const store = await sharedStateStore(location);
		return {
			n8n,
			workflows,
			signingSecret,
			store,
			runRecord: async (correlationId) =>
				(await store.getMany(NAMESPACES.registrations, [`run:${correlationId}`])).get(
					`run:${correlationId}`,
				),
			stop: async () => {
				await closeSharedStateStores();
				await n8n.stop();
			},
		};
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}
