import { startSandbox } from "./stack";

/** vitest globalSetup: one sandbox on the port vitest.config.ts chose, for the workers project. */
export default async function setup(): Promise<() => Promise<void>> {
	const port = Number(process.env.TEST_SANDBOX_PORT);
	if (!Number.isInteger(port) || port <= 0) {
		throw new Error(`TEST_SANDBOX_PORT must be a port number, got ${process.env.TEST_SANDBOX_PORT}`);
	}
	const sandbox = await startSandbox({ port });
	return () => sandbox.stop();
}
