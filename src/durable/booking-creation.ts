import {
	type BookingState,
	type BookingView,
	bookingView,
	type CheckoutInput,
	newBooking,
} from "../domain/booking";
import { checkoutFailed, linkIssued, settledOnService } from "../domain/booking-flow";
import { jakartaDay } from "../domain/limits";
import { STRATEGIES } from "../domain/payment-methods";
import type { Effect, Transition } from "../domain/transition";
import { configOf } from "../lib/config";
import { settingsOf } from "../lib/settings";
import { paymentProcessor } from "../partners";
import { customerOf } from "./stubs";

export type CreateOutcome =
	| { ok: true; booking: BookingView }
	| {
			ok: false;
			code: "PAYMENT_METHOD_LIMIT" | "CARD_DAILY_BUDGET_EXCEEDED" | "PAYMENT_LINK_UNAVAILABLE";
			booking: BookingView;
			detail: string;
	  };

/** What the creation workflow needs from the BookingDO that hosts it. */
export interface CreationHost {
	env: Env;
	now(): number;
	/** Writes a state and its effects (the first write of a new booking). */
	put(state: BookingState, effects: Effect[]): void;
	update(decide: (current: BookingState) => Transition): Promise<Transition>;
	schedule(options?: { holdOutbox?: boolean }): Promise<void>;
}

/**
 * Creating a booking: store it (its created row and event wait for the outcome), reserve the
 * customer's payment-method limits, then settle cash at once or ask the processor for a link.
 * Every step is idempotent, so a creation interrupted by a restart is simply run again; every
 * write after an outside call goes through `update`, on the booking as it is then.
 */
export async function runCreation(
	host: CreationHost,
	input: CheckoutInput,
	resumed?: BookingState,
): Promise<CreateOutcome> {
	const strategy = STRATEGIES[input.method];
	if (!resumed) {
		// The created row and event wait for the outcome of this call (a payment link, or not)
		// and leave with it: one history write and one event batch instead of two each, and no
		// outbox work competing with the checkout. If this run dies, the creation deadline's
		// alarm drains them.
		host.put(newBooking(input, host.now()), [
			{ kind: "history" },
			{ kind: "event", type: "booking.created" },
		]);
		await host.schedule({ holdOutbox: true });
	}
	// The limits and the payment window in force now (a changed limit applies to new orders only).
	const settings = await settingsOf(host.env);
	const verdict = await customerOf(host.env, input.ownerId).reserve(
		{
			bookingId: input.id,
			method: input.method,
			amount: input.pricing.total,
			day: jakartaDay(host.now()),
			countsAgainstBudget: strategy.dailyBudget,
		},
		settings.limits,
	);
	if (!verdict.ok) {
		const detail =
			verdict.code === "PAYMENT_METHOD_LIMIT"
				? `At most ${verdict.limit} unfinished ${input.method} bookings are allowed; finish or cancel one first.`
				: `This card order would exceed today's card budget (remaining ${verdict.remaining} IDR, and at least ${settings.limits.minimumRemainingBudget} IDR must remain unless it is used up exactly).`;
		return failCreation(host, verdict.code, detail, false);
	}
	if (!strategy.needsLink) {
		const settled = await host.update((current) => settledOnService(current, host.now()));
		return { ok: true, booking: bookingView(settled.state) };
	}
	const link = await paymentProcessor(host.env).createPayment({
		reference: input.id,
		amount: input.pricing.total,
		method: input.method,
		expiresAt: new Date(host.now() + settings.paymentWindowMs).toISOString(),
		description: describe(input),
		checkoutTimeoutSeconds: configOf(host.env).paymentCheckoutTimeoutSeconds,
		...(input.returnUrl ? { returnUrl: returnUrlOf(input.returnUrl, input.id) } : {}),
	});
	if (!link.ok) {
		return failCreation(
			host,
			"PAYMENT_LINK_UNAVAILABLE",
			`No payment link could be had: ${link.detail}`,
			true,
		);
	}
	// Canceled while the link was being made: the transition records the link to void it.
	const { paymentId, url, expiresAt } = link.value;
	const issued = await host.update((current) =>
		linkIssued(current, { paymentId, url, expiresAt }, host.now()),
	);
	return { ok: true, booking: bookingView(issued.state) };
}

async function failCreation(
	host: CreationHost,
	code: Extract<CreateOutcome, { ok: false }>["code"],
	detail: string,
	reserved: boolean,
): Promise<CreateOutcome> {
	const result = await host.update((current) => checkoutFailed(current, code, host.now(), reserved));
	return { ok: false, code, detail, booking: bookingView(result.state) };
}

/** The processor's description of the order: its items, and any steering notes they carry. */
function describe(input: CheckoutInput): string {
	const types = [...new Set(input.items.map((item) => item.businessType))].join(", ");
	const notes = input.items
		.map((item) => (typeof item.details.notes === "string" ? item.details.notes : ""))
		.filter(Boolean);
	return [`Order ${input.id}: ${input.items.length} item(s) (${types})`, ...notes].join(" | ");
}

/** The shop's return link, with `{bookingId}` (as typed, or percent-encoded) filled in. */
export function returnUrlOf(returnUrl: string, bookingId: string): string {
	return returnUrl.replaceAll("{bookingId}", bookingId).replaceAll("%7BbookingId%7D", bookingId);
}
