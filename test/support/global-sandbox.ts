import { startSandbox } from "./stack";

/** vitest globalSetup: one sandbox on the port vitest.config.ts chose, for the workers project. */
export default async function setup(): Promise<() => Promise<void>> {
	const port = Number(process.env.TEST_SANDBOX_PORT);
	if (!Number.isInteger(port) || port <= 0) {
		throw new Error(`TEST_SANDBOX_PORT must be a port number, got ${process.env.TEST_SANDBOX_PORT}`);
	}
	// Workers tests run the orchestrator in-process (no port), so they sign and post webhooks
	// themselves; the sandbox's own deliveries go to a closed port instead of a local stack.
	const sandbox = await startSandbox({ port, orchestratorUrl: "http://127.0.0.1:9" });
	return () => sandbox.stop();
}
