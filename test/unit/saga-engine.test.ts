import { describe, expect, it } from "vitest";
import {
	advance,
	compensationQueue,
	confirm,
	newSaga,
	nextWake,
	StaleSagaWriteError,
	TERMINAL,
} from "../../src/saga/engine";
import type { CallOutcome, SagaLog, SagaPolicy, StepLog } from "../../src/saga/types";

/**
 * Exhaustive crash tests: every combination of partner behaviours, with the process killed
 * after every persisted write, must end in a terminal state where either every partner
 * booking is kept (SUCCEEDED, no refund) or none is (FAILED, exactly one refund).
 */
type Behaviour =
	| "ok"
	| "reject"
	| "timeout-then-ok"
	| "flaky"
	| "async-confirm"
	| "async-reject"
	| "cancel-fails";

const policy: SagaPolicy = {
	stepDeadlineMs: 60_000,
	baseBackoffMs: 1_000,
	maxBackoffMs: 8_000,
	attentionThreshold: 2,
};

class Crash extends Error {}

class World {
	now = 0;
	bookings = new Map<string, "BOOKED" | "PENDING" | "CANCELED">();
	calls = new Map<string, number>();
	cancelCalls = new Map<string, number>();
	refunds = 0;
	saves = 0;
	stored: SagaLog | undefined;
	crashAt = Number.POSITIVE_INFINITY;

	constructor(readonly behaviours: Record<string, Behaviour>) {}

	store = {
		load: () => (this.stored ? structuredClone(this.stored) : undefined),
		save: (log: SagaLog) => {
			this.stored = structuredClone(log);
			this.saves += 1;
			// The write is durable; the process dies right after it.
			if (this.saves === this.crashAt) throw new Crash(`crash after write ${this.saves}`);
		},
	};

	effects = {
		invoke: async (step: StepLog): Promise<CallOutcome> => {
			const n = (this.calls.get(step.key) ?? 0) + 1;
			this.calls.set(step.key, n);
			const existing = this.bookings.get(step.key);
			if (existing === "CANCELED") return { kind: "ok", ref: step.key };
			const behaviour = this.behaviours[step.id];
			if (behaviour === "reject") return { kind: "rejected", reason: "no fleet" };
			if (behaviour === "flaky" && n <= 2) return { kind: "transient", error: "503" };
			if (behaviour === "async-confirm" || behaviour === "async-reject") {
				if (!existing) this.bookings.set(step.key, "PENDING");
				return { kind: "pending", ref: step.key };
			}
			this.bookings.set(step.key, existing ?? "BOOKED");
			if (behaviour === "timeout-then-ok" && n === 1) return { kind: "unknown", error: "timeout" };
			return { kind: "ok", ref: step.key };
		},
		compensate: async (step: StepLog): Promise<CallOutcome> => {
			const n = (this.cancelCalls.get(step.key) ?? 0) + 1;
			this.cancelCalls.set(step.key, n);
			if (this.behaviours[step.id] === "cancel-fails" && n <= 2) return { kind: "transient", error: "503" };
			if (this.bookings.has(step.key)) this.bookings.set(step.key, "CANCELED");
			return { kind: "ok" };
		},
		finalCompensation: async (): Promise<CallOutcome> => {
			// Idempotent by key at the processor: a repeated request is the same refund.
			this.refunds = 1;
			return { kind: "ok" };
		},
	};

	engine = { store: this.store, effects: this.effects, policy, now: () => this.now, random: () => 0.5 };

	/** The async partner answers: confirmations are applied through the store like the host does. */
	deliverConfirmations(): void {
		const log = this.stored;
		if (!log) return;
		let next = log;
		for (const step of log.steps) {
			const behaviour = this.behaviours[step.id];
			if (step.state !== "AWAITING_CONFIRMATION") continue;
			if (behaviour === "async-confirm") {
				if (this.bookings.get(step.key) === "PENDING") this.bookings.set(step.key, "BOOKED");
				next = confirm(next, step.id, "confirmed", this.now);
			} else if (behaviour === "async-reject") {
				if (this.bookings.get(step.key) === "PENDING") this.bookings.delete(step.key);
				next = confirm(next, step.id, "rejected", this.now);
			}
		}
		this.stored = next;
	}

	async runToEnd(): Promise<SagaLog> {
		for (let i = 0; i < 200; i++) {
			try {
				await advance(this.engine);
			} catch (error) {
				if (!(error instanceof Crash)) throw error;
			}
			const log = this.stored as SagaLog;
			if (TERMINAL.includes(log.status)) return log;
			this.deliverConfirmations();
			this.now = Math.max(this.now + 1, nextWake(log, this.now) ?? this.now + 1);
		}
		throw new Error(`saga did not finish: ${JSON.stringify(this.stored)}`);
	}
}

function check(world: World, log: SagaLog): void {
	const live = [...world.bookings.values()].filter((state) => state !== "CANCELED");
	if (log.status === "SUCCEEDED") {
		expect(live).toHaveLength(log.steps.length);
		expect(world.refunds).toBe(0);
	} else {
		expect(log.status).toBe("FAILED");
		expect(live).toEqual([]);
		expect(world.refunds).toBe(1);
	}
}

const steps = (ids: string[]) => ids.map((id) => ({ id, key: `bkg_1:${id}:book` }));
const BEHAVIOURS: Behaviour[] = [
	"ok",
	"reject",
	"timeout-then-ok",
	"flaky",
	"async-confirm",
	"async-reject",
	"cancel-fails",
];

async function scenario(behaviours: Record<string, Behaviour>, crashAt: number) {
	const world = new World(behaviours);
	world.crashAt = crashAt;
	world.stored = newSaga("bkg_1", steps(Object.keys(behaviours)), policy, 0);
	const log = await world.runToEnd();
	return { world, log };
}

describe("saga engine", () => {
	it("books every step in parallel, in one round", async () => {
		const { world, log } = await scenario({ a: "ok", b: "ok", c: "ok" }, Number.POSITIVE_INFINITY);
		expect(log.status).toBe("SUCCEEDED");
		expect(world.now).toBe(0);
		expect([...world.calls.values()]).toEqual([1, 1, 1]);
	});

	it("cancels what was booked, newest first, then refunds once", async () => {
		const { world, log } = await scenario({ a: "ok", b: "reject", c: "ok" }, Number.POSITIVE_INFINITY);
		expect(log.status).toBe("FAILED");
		expect(log.failureReason).toBe("no fleet");
		expect(world.refunds).toBe(1);
		expect(log.steps.map((s) => s.state)).toEqual(["COMPENSATED", "FAILED", "COMPENSATED"]);
	});

	it("retries transient faults with the same key, then succeeds", async () => {
		const { world, log } = await scenario({ a: "flaky" }, Number.POSITIVE_INFINITY);
		expect(log.status).toBe("SUCCEEDED");
		expect(world.calls.get("bkg_1:a:book")).toBe(3);
		expect(log.steps[0]?.history.map((h) => h.outcome)).toEqual(["transient", "transient", "ok"]);
	});

	it("cancels a timed-out call whose outcome is unknown when the saga fails", async () => {
		const world = new World({ a: "timeout-then-ok", b: "reject" });
		world.stored = newSaga("bkg_1", steps(["a", "b"]), policy, 0);
		const log = await world.runToEnd();
		expect(log.status).toBe("FAILED");
		expect(world.bookings.get("bkg_1:a:book")).toBe("CANCELED");
	});

	it("flags NEEDS_ATTENTION when compensation keeps failing, and still finishes", async () => {
		const { world, log } = await scenario({ a: "cancel-fails", b: "reject" }, Number.POSITIVE_INFINITY);
		expect(log.status).toBe("FAILED");
		expect(world.cancelCalls.get("bkg_1:a:book")).toBe(3);
		expect(log.needsAttention).toBe(true);
	});

	it("fails a step whose async confirmation never comes", async () => {
		const world = new World({ a: "async-confirm" });
		world.stored = newSaga("bkg_1", steps(["a"]), policy, 0);
		await advance(world.engine);
		world.now = policy.stepDeadlineMs + 1;
		const log = (await advance(world.engine)) as SagaLog;
		expect(["COMPENSATING", "REFUNDING", "FAILED"]).toContain(log.status);
		const done = await world.runToEnd();
		expect(done.status).toBe("FAILED");
		expect(world.bookings.get("bkg_1:a:book")).toBe("CANCELED");
	});

	it("orders compensation newest effect first", () => {
		const log = newSaga("b", steps(["a", "b", "c"]), policy, 0);
		const [a, b, c] = log.steps as [StepLog, StepLog, StepLog];
		Object.assign(a, { state: "SUCCEEDED", mayHaveEffect: true, effectSeq: 1 });
		Object.assign(b, { state: "SUCCEEDED", mayHaveEffect: true, effectSeq: 3 });
		Object.assign(c, { state: "SUCCEEDED", mayHaveEffect: true, effectSeq: 2 });
		expect(compensationQueue(log).map((s) => s.id)).toEqual(["b", "c", "a"]);
	});

	// Two steps × every pair of behaviours × a crash after every persisted write.
	const pairs = BEHAVIOURS.flatMap((x) => BEHAVIOURS.map((y) => [x, y] as const));
	it.each(pairs)("ends consistent for %s + %s with a crash after any write", async (x, y) => {
		const clean = await scenario({ a: x, b: y }, Number.POSITIVE_INFINITY);
		check(clean.world, clean.log);
		for (let crashAt = 1; crashAt <= clean.world.saves + 1; crashAt++) {
			const { world, log } = await scenario({ a: x, b: y }, crashAt);
			check(world, log);
			// A partner never sees two bookings for one key: the key is stable across restarts.
			expect(new Set(world.bookings.keys()).size).toBeLessThanOrEqual(2);
		}
	});

	it("ends consistent for three steps with mixed faults and crashes", async () => {
		const combos: Array<Record<string, Behaviour>> = [
			{ a: "ok", b: "timeout-then-ok", c: "reject" },
			{ a: "flaky", b: "async-confirm", c: "cancel-fails" },
			{ a: "async-reject", b: "ok", c: "flaky" },
		];
		for (const combo of combos) {
			const clean = await scenario(combo, Number.POSITIVE_INFINITY);
			for (let crashAt = 1; crashAt <= clean.world.saves + 1; crashAt++) {
				const { world, log } = await scenario(combo, crashAt);
				check(world, log);
			}
		}
	});
});

describe("saga engine after a partner call", () => {
	it("applies an outcome to the log as stored when it arrives, keeping what was written meanwhile", async () => {
		const world = new World({ a: "ok" });
		world.stored = newSaga("bkg_1", steps(["a"]), policy, 0);
		const invoke = world.effects.invoke;
		world.effects.invoke = async (step) => {
			// Another writer (the host flags the saga) commits while the call is out.
			const stored = world.stored as SagaLog;
			world.stored = { ...stored, needsAttention: true, rev: (stored.rev ?? 0) + 1 };
			return invoke(step);
		};
		const log = (await advance(world.engine)) as SagaLog;
		expect(log.status).toBe("SUCCEEDED");
		expect(world.stored).toMatchObject({ status: "SUCCEEDED", needsAttention: true });
	});

	it("drops an outcome for a step that is no longer waiting for it", async () => {
		const world = new World({ a: "ok" });
		world.stored = newSaga("bkg_1", steps(["a"]), policy, 0);
		const invoke = world.effects.invoke;
		world.effects.invoke = async (step) => {
			const stored = structuredClone(world.stored as SagaLog);
			const first = stored.steps[0] as StepLog;
			first.state = "FAILED";
			first.lastError = "settled elsewhere";
			world.stored = { ...stored, rev: (stored.rev ?? 0) + 1 };
			return invoke(step);
		};
		await advance(world.engine);
		expect(world.stored?.steps[0]).toMatchObject({ lastError: "settled elsewhere" });
		expect(world.stored?.steps[0]?.state).not.toBe("SUCCEEDED");
	});

	it("refuses to write a log built on an older revision", async () => {
		const world = new World({ a: "ok" });
		const stale = newSaga("bkg_1", steps(["a"]), policy, 0);
		world.stored = { ...stale, rev: 4 };
		// The store hands out the old revision once (as a log read before an await would be).
		const load = world.store.load;
		let handed = false;
		world.store.load = () => {
			if (handed) return load();
			handed = true;
			return {
				...structuredClone(stale),
				rev: 3,
				steps: stale.steps.map((st) => ({ ...st, state: "IN_FLIGHT" as const })),
			};
		};
		await expect(advance(world.engine)).rejects.toThrow(StaleSagaWriteError);
		expect(world.stored?.rev).toBe(4);
	});
});

describe("saga engine compensation", () => {
	it("records an item the partner never booked (its cancel finds it rejected) as not booked, not canceled", async () => {
		const world = new World({ a: "ok", b: "reject" });
		world.stored = newSaga("bkg_1", steps(["a", "b"]), policy, 0);
		world.effects.compensate = async () => ({ kind: "ok", nothingBooked: true });
		const log = await world.runToEnd();
		expect(log.status).toBe("FAILED");
		expect(log.steps[0]).toMatchObject({ state: "FAILED", mayHaveEffect: false });
		expect(world.refunds).toBe(1);
	});
});
