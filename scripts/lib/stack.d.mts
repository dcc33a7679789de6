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
}

export function startStack(options?: {
	env?: Record<string, string>;
	echo?: boolean;
	timeoutMs?: number;
}): Promise<Stack>;

export function stopAllStacks(): Promise<void>;
