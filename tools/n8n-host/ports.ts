import { createServer } from 'node:net';

/** Asks the OS for a port that is free on 127.0.0.1 right now. */
export async function findFreePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('The OS did not report the port it chose'));
			});
		});
	});
}

/**
 * @throws Error saying which port is taken and how to choose another, when something already
 * listens on it.
 */
export async function assertPortFree(port: number, purpose: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE') {
				reject(
					new Error(
						`Port ${port} on 127.0.0.1 (${purpose}) is already in use by another process. ` +
							'Stop that process or pick another port (N8N_HOST_PORT for the demo).',
					),
				);
			} else {
				reject(error);
			}
		});
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}
