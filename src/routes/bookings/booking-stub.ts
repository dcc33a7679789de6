import type { BookingView } from "../../domain/booking";
import { LIVE_OWNER_HEADER } from "../../durable/booking";
import { bookingOf, cartOf } from "../../durable/stubs";
import { ApiError } from "../../lib/errors";
import { idPattern } from "../../lib/ids";

const BOOKING_ID = idPattern("bkg");

const notFound = (bookingId: string) =>
	new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId} exists for this customer.`);

/** The booking's Durable Object; a malformed id is simply a booking that does not exist. */
export function bookingStub(env: Env, bookingId: string) {
	if (!BOOKING_ID.test(bookingId)) throw notFound(bookingId);
	return bookingOf(env, bookingId);
}

/** Reads a booking as its owner; anyone else gets the same 404 as for a missing booking. */
export async function readBooking(env: Env, bookingId: string, ownerId: string) {
	const outcome = await bookingStub(env, bookingId).read(ownerId);
	if (!outcome.ok) throw notFound(bookingId);
	return outcome.booking;
}

export async function cancelBooking(env: Env, bookingId: string, ownerId: string) {
	const outcome = await bookingStub(env, bookingId).cancel(ownerId);
	if (outcome.ok) {
		// The customer may want to change the cart right away; the outbox does this too, idempotently.
		await cartOf(env, outcome.booking.cartId).reopen(bookingId);
		return outcome.booking;
	}
	if (outcome.code === "BOOKING_NOT_CANCELABLE") {
		throw new ApiError(
			"BOOKING_NOT_CANCELABLE",
			`Booking ${bookingId} is ${outcome.booking.status}; only an unpaid booking can be canceled.`,
		);
	}
	throw notFound(bookingId);
}

/** A booking's receipt: its URL once rendered, PENDING while a COMPLETED one renders, else 409. */
export function receiptOf(booking: BookingView): { url: string } | { status: "PENDING" } {
	if (booking.receipt) return { url: booking.receipt.url };
	if (booking.status === "COMPLETED") return { status: "PENDING" };
	throw new ApiError(
		"RECEIPT_NOT_AVAILABLE",
		`Booking ${booking.id} is ${booking.status}; a receipt exists once it is COMPLETED.`,
	);
}

/**
 * Hands a WebSocket upgrade to the booking's Durable Object for its owner (checked by the caller).
 * Plain fetch, not RPC: an upgrade's answer carries the socket. The owner goes in a header only
 * this worker can set (the object is not reachable from outside).
 */
export async function bookingSocket(
	env: Env,
	bookingId: string,
	ownerId: string,
	request: Request,
): Promise<Response> {
	if (!BOOKING_ID.test(bookingId)) throw notFound(bookingId);
	const headers = new Headers({ upgrade: "websocket", [LIVE_OWNER_HEADER]: ownerId });
	const stub = env.BOOKING.get(env.BOOKING.idFromName(bookingId));
	const answer = await stub.fetch(new Request("https://booking/live", { headers, signal: request.signal }));
	if (answer.status !== 101 || !answer.webSocket) throw notFound(bookingId);
	// A fetched answer's headers are immutable; the edge middleware adds its own.
	return new Response(null, { status: 101, webSocket: answer.webSocket });
}
