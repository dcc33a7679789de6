// The crash test: the orchestrator's process group (runner and workerd) is killed with SIGKILL while
// saga steps are in flight, then started again on the same port and the same persisted state.
// The saga must resume from its log (SagaDO storage + alarm) and finish, repeating interrupted
// partner calls with the same idempotency keys: no double booking, at most one refund.
//
// The two workers are started one by one (test/e2e/two-workers.ts over scripts/lib/workers.mjs),
// not with `npm start`, so only the orchestrator dies; the sandbox (partners, processor) keeps
// running and keeps its state, as real upstreams would.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	allPartnerOrders,
	type BookingItem,
	getBooking,
	type InternalDetail,
	internal,
	paidBooking,
	processorPayment,
	sagaSummary,
	until,
} from "./saga-support";
import { isPortOpen } from "./support";
import { startTwoWorkers, type TwoWorkers } from "./two-workers";

describe("the booking saga survives a SIGKILL of the orchestrator", () => {
	let workers: TwoWorkers | undefined;
	const env = () => workers as TwoWorkers;
	const suffix = Math.random().toString(36).slice(2, 8);
	const sub = (name: string) => `cust_crash_${name}_${suffix}`;

	beforeAll(async () => {
		workers = await startTwoWorkers({
			// Slow partners (3 s) must not count as timeouts; steps get a generous deadline.
			orchestratorVars: { PARTNER_TIMEOUT: "10s", SAGA_STEP_DEADLINE: "90s" },
		});
	});

	afterAll(async () => {
		if (!workers) return;
		const { port, sandboxPort } = workers;
		await workers.stop();
		expect(await isPortOpen(port)).toBe(false);
		expect(await isPortOpen(sandboxPort)).toBe(false);
	});

	/** Kills the orchestrator group, checks the port is closed, starts it again on the same state. */
	async function crashAndRestart(): Promise<void> {
		const victim = env().orchestrator();
		await env().killOrchestrator();
		expect(await victim.exited).toEqual({ code: null, signal: "SIGKILL" });
		expect(await isPortOpen(env().port)).toBe(false);
		await env().restartOrchestrator();
	}

	it("finishes a saga whose three partner calls were in flight: all BOOKED, one order per item", async () => {
		const paid = await paidBooking(env(), sub("inflight"), [
			{ type: "TAXI", notes: "sandbox:slow:3000" },
			{ type: "TAXI", notes: "sandbox:slow:3000" },
			{ type: "RENT", notes: "sandbox:slow:3000" },
		]);
		const id = paid.booking.id;
		// Wait until every step is IN_FLIGHT (key stored, call out), then ~1 s into the 3 s calls.
		const inFlight = await until(
			"every saga step to be IN_FLIGHT",
			() => internal(env(), id),
			(d) => d.saga.log?.steps.length === 3 && d.saga.log.steps.every((s) => s.state === "IN_FLIGHT"),
			{ intervalMs: 50, describe: sagaSummary },
		);
		await sleep(1_000);
		// The partners already hold the orders; only their answers are pending.
		const before = await allPartnerOrders(env(), id);
		expect(before.map((o) => o.status)).toEqual(["BOOKED", "BOOKED", "BOOKED"]);
		const beforeCrash = await internal(env(), id);
		expect(
			beforeCrash.saga.log?.steps.map((s) => s.state),
			sagaSummary(beforeCrash),
		).toEqual(["IN_FLIGHT", "IN_FLIGHT", "IN_FLIGHT"]);

		await crashAndRestart();

		let last: InternalDetail | undefined;
		const booked = await until(
			"the resumed saga to book every item",
			async () => {
				last = await internal(env(), id);
				return getBooking(env(), paid.token, id);
			},
			(b) => b.status === "ACTIVE" && b.items.every((i) => i.status === "BOOKED"),
			{ timeoutMs: 45_000, intervalMs: 250, describe: () => sagaSummary(last) },
		);
		const detail = await internal(env(), id);
		const log = detail.saga.log;
		expect(log?.status, sagaSummary(detail)).toBe("SUCCEEDED");
		expect(log?.startedAt).toBe(inFlight.saga.log?.startedAt);
		for (const step of log?.steps ?? []) {
			// Interrupted by the kill, repeated once with the same key after the restart.
			expect(step, sagaSummary(detail)).toMatchObject({ state: "SUCCEEDED", attempts: 2 });
			expect(step.key).toBe(inFlight.saga.log?.steps.find((s) => s.id === step.id)?.key);
			expect(step.history.map((h) => h.outcome)).toEqual(["interrupted", "ok"]);
		}

		// No double booking: one order per item at the partners, the one the booking refers to.
		const orders = await allPartnerOrders(env(), id);
		expect(orders.map((o) => [o.itemId, o.partnerRef, o.status]).sort()).toEqual(
			booked.items.map((i: BookingItem) => [i.id, i.partnerRef, "BOOKED"]).sort(),
		);
		expect(orders.map((o) => o.partnerRef).sort()).toEqual(before.map((o) => o.partnerRef).sort());
		// Nothing to refund.
		const atProcessor = await processorPayment(env(), paid.paymentId);
		expect(atProcessor).toMatchObject({ status: "PAID", refunds: [] });
		expect(booked.payment.status).toBe("PAID");
		console.info(`resumed after the kill: ${sagaSummary(detail)}`);
	});

	it("finishes compensation interrupted by the kill: FAILED, exactly one refund, nothing left booked", async () => {
		const paid = await paidBooking(env(), sub("compensating"), [
			{ type: "TAXI" },
			{ type: "TAXI", notes: "sandbox:reject" },
			{ type: "RENT", notes: "sandbox:cancel-fails:3" },
		]);
		const id = paid.booking.id;
		const rentItem = paid.booking.items[2] as BookingItem;
		// Compensation runs newest first and retries the failing cancel with backoff: kill it there.
		const compensating = await until(
			"the saga to be compensating the RENT item",
			() => internal(env(), id),
			(d) =>
				d.saga.log?.status === "COMPENSATING" &&
				(d.saga.log.steps.find((s) => s.id === rentItem.id)?.compensationAttempts ?? 0) >= 1,
			{ intervalMs: 50, describe: sagaSummary },
		);
		expect(compensating.booking.status).toBe("ACTIVE");

		await crashAndRestart();

		let last: InternalDetail | undefined;
		const booking = await until(
			"the resumed saga to fail the booking and confirm the refund",
			async () => {
				last = await internal(env(), id);
				return getBooking(env(), paid.token, id);
			},
			(b) => b.status === "FAILED" && b.payment.status === "REFUND_SUCCESS",
			{ timeoutMs: 45_000, intervalMs: 250, describe: () => sagaSummary(last) },
		);
		expect(booking.items.map((i) => i.status)).toEqual(["CANCELED", "BOOK_FAILED", "CANCELED"]);
		const detail = await internal(env(), id);
		const log = detail.saga.log;
		expect(log?.status, sagaSummary(detail)).toBe("FAILED");
		expect(log?.final).toMatchObject({ state: "DONE", attempts: 1 });
		const rentStep = log?.steps.find((s) => s.id === rentItem.id);
		// Three refused cancels (503), then the one that went through; maybe one more cut by the kill.
		expect(rentStep?.state, sagaSummary(detail)).toBe("COMPENSATED");
		expect(rentStep?.compensationAttempts).toBeGreaterThanOrEqual(4);
		expect(rentStep?.history.filter((h) => h.action === "compensate").at(-1)?.outcome).toBe("ok");

		// Exactly one refund, of the full amount, confirmed.
		const atProcessor = await processorPayment(env(), paid.paymentId);
		expect(atProcessor.refunds).toEqual([
			expect.objectContaining({ amount: booking.payment.amount, status: "SUCCEEDED" }),
		]);
		// No partner holds a live order for the booking.
		const orders = await allPartnerOrders(env(), id);
		expect(orders.map((o) => [o.itemId, o.status]).sort()).toEqual(
			[
				[booking.items[0]?.id, "CANCELED"],
				[booking.items[1]?.id, "REJECTED"],
				[booking.items[2]?.id, "CANCELED"],
			].sort(),
		);
		console.info(`compensation resumed after the kill: ${sagaSummary(detail)}`);
	});
});
