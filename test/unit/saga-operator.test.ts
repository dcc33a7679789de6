import { describe, expect, it } from "vitest";
import { newSaga } from "../../src/saga/engine";
import { operate, type SagaOperation } from "../../src/saga/operator";
import type { SagaLog, SagaPolicy, StepLog } from "../../src/saga/types";

/** Operators' saga actions, table-driven: each allowed in its states and refused in every other. */
const policy: SagaPolicy = {
	stepDeadlineMs: 60_000,
	baseBackoffMs: 1_000,
	maxBackoffMs: 8_000,
	attentionThreshold: 3,
};
const NOW = 1_000_000;

function saga(
	status: SagaLog["status"],
	steps: Array<Partial<StepLog>>,
	extra: Partial<SagaLog> = {},
): SagaLog {
	const log = newSaga(
		"bkg_ops",
		steps.map((_, i) => ({ id: `oi_${i}`, key: `k${i}` })),
		policy,
		0,
	);
	return {
		...log,
		status,
		steps: log.steps.map((step, i) => ({ ...step, ...steps[i] })),
		...extra,
	};
}

/** A saga whose cancel of oi_0 failed past the threshold and waits to retry; oi_1 was rejected. */
const stuck = () =>
	saga(
		"COMPENSATING",
		[
			{
				state: "SUCCEEDED",
				effectSeq: 1,
				compensationAttempts: 3,
				nextAttemptAt: NOW + 8_000,
				lastError: "503",
			},
			{ state: "FAILED", mayHaveEffect: false },
		],
		{ needsAttention: true },
	);
const retrying = () =>
	saga("RUNNING", [
		{ state: "RETRY_WAIT", attempts: 2, nextAttemptAt: NOW + 4_000 },
		{ state: "SUCCEEDED", effectSeq: 1 },
	]);
const booked = () => saga("SUCCEEDED", [{ state: "SUCCEEDED", effectSeq: 1 }]);
const refunding = () =>
	saga("REFUNDING", [{ state: "COMPENSATED" }], {
		final: { state: "PENDING", attempts: 1, history: [], nextAttemptAt: NOW + 2_000 },
	});

const inFlight = () =>
	saga("RUNNING", [
		{ state: "IN_FLIGHT", attempts: 1 },
		{ state: "SUCCEEDED", effectSeq: 1 },
	]);

const run = (log: SagaLog, op: SagaOperation, itemId?: string) =>
	operate(log, op, {
		now: NOW,
		actor: "op_ana",
		reason: "partner confirmed by phone",
		attentionThreshold: 3,
		...(itemId ? { itemId } : {}),
	});

describe("operator actions on a saga", () => {
	it.each([
		["retry-now", "a step waiting to retry", retrying, undefined, true],
		["retry-now", "a cancel waiting to retry", stuck, undefined, true],
		["retry-now", "a refund waiting to retry", refunding, undefined, true],
		["retry-now", "a saga that succeeded", booked, undefined, false],
		["resume", "a saga that needs attention", stuck, undefined, true],
		["resume", "a saga that does not", retrying, undefined, false],
		["resume", "a finished saga", booked, undefined, false],
		["mark-compensated", "the item whose cancel holds the saga", stuck, "oi_0", true],
		["mark-compensated", "an item that was never booked", stuck, "oi_1", false],
		["mark-compensated", "an item of a saga that needs nothing", retrying, "oi_1", false],
		["mark-compensated", "an item the booking does not have", stuck, "oi_9", false],
		["force-compensate", "a saga that succeeded", booked, undefined, true],
		["force-compensate", "a saga still running", retrying, undefined, true],
		["force-compensate", "a saga already compensating", stuck, undefined, false],
		["force-compensate", "a saga refunding", refunding, undefined, false],
		["force-compensate", "a saga with a call out", inFlight, undefined, false],
	] as const)("%s on %s: allowed %s", (op, _state, make, itemId, allowed) => {
		const before = make();
		const snapshot = JSON.stringify(before);
		const result = run(before, op, itemId);
		expect(result.ok).toBe(allowed);
		// Never in place: the stored log is only replaced by the host.
		expect(JSON.stringify(before)).toBe(snapshot);
		if (!result.ok) expect(result.why).toMatch(/\w/);
	});

	it("retry-now makes the waiting step due now and keeps its attempt count", () => {
		const result = run(retrying(), "retry-now");
		if (!result.ok) throw new Error(result.why);
		expect(result.log.steps[0]).toMatchObject({ nextAttemptAt: NOW, attempts: 2, state: "RETRY_WAIT" });
	});

	it("resume clears the flag and starts the cancels over", () => {
		const result = run(stuck(), "resume");
		if (!result.ok) throw new Error(result.why);
		expect(result.log.needsAttention).toBe(false);
		expect(result.log.steps[0]).toMatchObject({ compensationAttempts: 0, nextAttemptAt: NOW });
	});

	it("mark-compensated records the cancel as done by the operator and clears the flag", () => {
		const result = run(stuck(), "mark-compensated", "oi_0");
		if (!result.ok) throw new Error(result.why);
		expect(result.log.steps[0]).toMatchObject({ state: "COMPENSATED", nextAttemptAt: undefined });
		expect(result.log.steps[0]?.history.at(-1)).toMatchObject({
			action: "compensate",
			outcome: "ok",
			detail: "marked compensated by op_ana: partner confirmed by phone",
		});
		expect(result.log.needsAttention).toBe(false);
	});

	it("force-compensate undoes every step: booked ones are canceled, waiting ones by their key", () => {
		const result = run(retrying(), "force-compensate");
		if (!result.ok) throw new Error(result.why);
		expect(result.log.status).toBe("COMPENSATING");
		expect(result.log.failureReason).toBe("Canceled by an operator (op_ana): partner confirmed by phone");
		expect(result.log.steps.map((s) => [s.state, s.mayHaveEffect])).toEqual([
			["FAILED", true],
			["SUCCEEDED", false],
		]);
	});
});
