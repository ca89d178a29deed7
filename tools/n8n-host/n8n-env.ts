/** Where and how one n8n instance listens. */
export interface InstanceAddress {
	userFolder: string;
	port: number;
	runnerBrokerPort: number;
}

/**
 * The environment that starts n8n on loopback with every outbound feature off (telemetry, version
 * checks, templates, banners, package catalogues, license renewal, AI). With it, n8n opens no
 * connection beyond 127.0.0.1.
 */
export function n8nEnvironment(address: InstanceAddress, encryptionKey: string): NodeJS.ProcessEnv {
	const { userFolder, port, runnerBrokerPort } = address;
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TZ: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_PYTHON_ENABLED: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(runnerBrokerPort),
		// Workflows published from the CLI become live within about a second instead of a minute.
		N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS: '1',
		N8N_LOG_LEVEL: process.env.N8N_HOST_LOG_LEVEL ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_TYPE: 'sqlite',
		// For profiling n8n under a benchmark, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles".
		...(process.env.N8N_HOST_NODE_OPTIONS
			? { NODE_OPTIONS: process.env.N8N_HOST_NODE_OPTIONS }
			: {}),
	};
}
