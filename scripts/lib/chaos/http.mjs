// The chaos run's HTTP client. It counts every answer of the orchestrator by status (the run
// fails on any 5xx), and rides out the stack's crashes: a call that finds the stack down, or
// loses its connection when the stack is killed, waits for the restart and is sent again. Every
// call the run makes is safe to repeat (idempotency keys, idempotent outcomes).

import { setTimeout as sleep } from "node:timers/promises";

export class ChaosHttp {
	constructor() {
		this.byStatus = {};
		this.fiveHundreds = [];
		this.retried = 0;
		/** Settles when the stack is up; replaced while it restarts. */
		this.up = Promise.resolve();
		this.bases = { orchestrator: "", sandbox: "" };
	}

	/** The stack went down on purpose: calls wait for `restarted` instead of failing. */
	down(restarted) {
		this.up = restarted;
	}

	use(stack) {
		this.bases = { orchestrator: stack.url, sandbox: stack.sandboxUrl };
	}

	api(method, path, options) {
		return this.call("orchestrator", method, path, options);
	}

	sandbox(method, path, options) {
		return this.call("sandbox", method, path, options);
	}

	/** One request; resolves with { status, body, headers } whatever the status. */
	async call(target, method, path, { token, body, headers = {}, raw } = {}) {
		const deadline = Date.now() + 180_000;
		for (;;) {
			await this.up;
			const base = this.bases[target];
			try {
				const response = await fetch(`${base}${path}`, {
					method,
					headers: {
						accept: "application/json",
						...(token ? { authorization: `Bearer ${token}` } : {}),
						...(body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}),
						...headers,
					},
					body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
					signal: AbortSignal.timeout(30_000),
				});
				const text = await response.text();
				let parsed;
				try {
					parsed = text ? JSON.parse(text) : undefined;
				} catch {
					parsed = text;
				}
				if (target === "orchestrator") {
					this.byStatus[response.status] = (this.byStatus[response.status] ?? 0) + 1;
					if (response.status >= 500)
						this.fiveHundreds.push({ method, path, status: response.status, body: parsed });
				}
				return { status: response.status, body: parsed, headers: response.headers };
			} catch (error) {
				// Refused or cut off: the stack is down (killed on purpose) or restarting.
				if (Date.now() > deadline) throw new Error(`${method} ${path}: ${error.message}`);
				this.retried += 1;
				await sleep(500);
			}
		}
	}
}
