import { afterAll, describe, expect, it } from "vitest";
import { isPortOpen, startE2eStack, stopAllStacks } from "./support";

/** `npm start` killed outright (SIGKILL, the whole terminal job) leaves no worker on its ports. */
afterAll(() => stopAllStacks());

async function closed(port: number, timeoutMs = 15_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!(await isPortOpen(port))) return true;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return false;
}

describe("the local runner", () => {
	it("stops both workers when npm start is killed with SIGKILL, so a restart finds its ports free", async () => {
		const stack = await startE2eStack({});
		expect(await isPortOpen(stack.port)).toBe(true);
		expect(await isPortOpen(stack.sandboxPort)).toBe(true);
		// The job npm start leads (npm and the runner), not the workers' own process groups.
		process.kill(-(stack.child.pid as number), "SIGKILL");
		expect(await closed(stack.port)).toBe(true);
		expect(await closed(stack.sandboxPort)).toBe(true);
		await stack.stop();
	});
});
