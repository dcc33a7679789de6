// Types for run.mjs.
export interface ChaosCheck {
	ok: boolean;
	checked?: number;
	failures: Array<{ bookingId?: string; order?: number; problem?: string }>;
}

export interface ChaosReport {
	ok: boolean;
	seed: number;
	durationMs: number;
	crashes: Array<{ afterOrders: number; downMs: number }>;
	outcomes: Record<string, number>;
	checks: Record<string, ChaosCheck>;
}

export function runChaos(options?: {
	orders?: number;
	seed?: number;
	kills?: number;
	concurrency?: number;
	settleTimeoutMs?: number;
	log?: (line: string) => void;
	echo?: boolean;
}): Promise<ChaosReport>;
