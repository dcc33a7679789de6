// Types for stack.mjs.
import type { ChildProcess } from "node:child_process";
import type { ExitStatus } from "./workers.mjs";

export interface Stack {
	url: string;
	sandboxUrl: string;
	port: number;
	sandboxPort: number;
	stateDir: string;
	child: ChildProcess;
	output(): string;
	stop(options?: { graceMs?: number }): Promise<ExitStatus & { timedOut?: true }>;
	/** SIGKILLs the runner and both workers at once, as a crash; the state stays. */
	kill(): Promise<void>;
}

export function startStack(options?: {
	env?: Record<string, string>;
	echo?: boolean;
	timeoutMs?: number;
	port?: number;
	sandboxPort?: number;
	stateDir?: string;
}): Promise<Stack>;

export function stopAllStacks(): Promise<void>;
