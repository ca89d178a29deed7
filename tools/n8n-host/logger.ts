/** The host prints progress through this, so tests can keep it quiet and the demo can show it. */
export type HostLogger = (message: string) => void;

export const consoleLogger: HostLogger = (message) => {
	process.stderr.write(`[n8n-host] ${message}\n`);
};

export const silentLogger: HostLogger = () => undefined;
