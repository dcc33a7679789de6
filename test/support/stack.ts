import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/workers.mjs";

export { freePort };

const ROOT = path.resolve(import.meta.dirname, "../..");
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const MAX_OUTPUT = 20_000;

export type SandboxOptions = {
	port?: number;
	/** Overrides for `[vars]` in sandbox/wrangler.toml, passed as `--var K:V`. */
	vars?: Record<string, string>;
	/** Reuse a state directory (to test a restart); by default a fresh one is made and removed. */
	persistTo?: string;
	/** Where the payment processor sends webhooks (ORCHESTRATOR_URL); wrangler.toml's by default. */
	orchestratorUrl?: string;
};

/** The dev secrets of sandbox/.dev.vars.example, passed explicitly so no .dev.vars file is needed. */
export const PAYMENT_WEBHOOK_SECRET = "whsec_dev_payment";
/** Each partner signs its own callbacks. */
export const PARTNER_WEBHOOK_SECRETS = {
	TAXI_PARTNER_WEBHOOK_SECRET: "whsec_dev_taxi",
	RENT_PARTNER_WEBHOOK_SECRET: "whsec_dev_rent",
	DELIVERY_PARTNER_WEBHOOK_SECRET: "whsec_dev_delivery",
	SHUTTLE_PARTNER_WEBHOOK_SECRET: "whsec_dev_shuttle",
} as const;
export const PARTNER_WEBHOOK_SECRET = PARTNER_WEBHOOK_SECRETS.TAXI_PARTNER_WEBHOOK_SECRET;
export const DOCUMENT_WEBHOOK_SECRET = "whsec_dev_document";

export type RunningSandbox = { url: string; persistTo: string; stop(): Promise<void> };

function isRunning(child: ChildProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

/** Kills the whole process group (npx, wrangler and workerd) and waits for npx to exit. */
async function killGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
	const pid = child.pid;
	if (pid === undefined || !isRunning(child)) return;
	const signal = (name: NodeJS.Signals) => {
		try {
			process.kill(-pid, name);
		} catch {
			// The group is already gone.
		}
	};
	signal("SIGTERM");
	const timer = setTimeout(() => signal("SIGKILL"), STOP_GRACE_MS);
	await exited;
	clearTimeout(timer);
	// workerd can outlive wrangler by a moment; make sure nothing keeps the port.
	signal("SIGKILL");
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (!isRunning(child)) {
			throw new Error(`sandbox exited early (code ${child.exitCode}):\n${output()}`);
		}
		try {
			const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`sandbox did not answer ${url}/health within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

/** Runs the sandbox worker under a real `wrangler dev` and resolves once /health answers. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
	const port = opts.port ?? (await freePort());
	const inspectorPort = await freePort();
	const ownsState = opts.persistTo === undefined;
	const persistTo = opts.persistTo ?? (await mkdtemp(path.join(tmpdir(), "sandbox-state-")));
	const url = `http://127.0.0.1:${port}`;
	// Payment page and document links point at this sandbox unless a test says otherwise.
	const settings: Record<string, string> = {
		PAYMENT_WEBHOOK_SECRET,
		...PARTNER_WEBHOOK_SECRETS,
		DOCUMENT_WEBHOOK_SECRET,
		PUBLIC_URL: url,
		...(opts.orchestratorUrl === undefined ? {} : { ORCHESTRATOR_URL: opts.orchestratorUrl }),
		...opts.vars,
	};
	const vars = Object.entries(settings).flatMap(([key, value]) => ["--var", `${key}:${value}`]);
	const args = [
		"wrangler",
		"dev",
		"-c",
		"sandbox/wrangler.toml",
		"--port",
		String(port),
		"--ip",
		"127.0.0.1",
		"--persist-to",
		persistTo,
		"--inspector-port",
		String(inspectorPort),
		"--show-interactive-dev-session=false",
		...vars,
	];
	const child = spawn("npx", args, {
		cwd: ROOT,
		detached: true,
		stdio: ["ignore", "pipe", "pipe"],
		env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
	});
	let output = "";
	const capture = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-MAX_OUTPUT);
	};
	child.stdout?.on("data", capture);
	child.stderr?.on("data", capture);
	const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
	child.once("error", (error) => capture(Buffer.from(`spawn failed: ${error.message}\n`)));

	const stop = async () => {
		await killGroup(child, exited);
		if (ownsState) await rm(persistTo, { recursive: true, force: true });
	};
	try {
		await waitForHealth(url, child, () => output);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, persistTo, stop };
}
