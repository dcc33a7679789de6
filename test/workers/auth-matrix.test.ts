import { env } from "cloudflare:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
	bookedBooking,
	call,
	customerContact,
	newCart,
	partnerSecretOf,
	problem,
	signatureHeader,
	taxiItem,
	tokenFor,
} from "./support";

/**
 * The authorization matrix: every route of the OpenAPI document against every credential a
 * caller might present, each with its documented answer. A route missing from the table fails
 * the test, so a new route cannot ship without its row.
 */
type Credential =
	| "none"
	| "expired"
	| "algNone"
	| "hsWithPublicKey"
	| "wrongIssuer"
	| "wrongAudience"
	| "otherCustomer"
	| "otherGuest"
	| "serviceToken"
	| "viewer"
	| "operator";
const CREDENTIALS: Credential[] = [
	"none",
	"expired",
	"algNone",
	"hsWithPublicKey",
	"wrongIssuer",
	"wrongAudience",
	"otherCustomer",
	"otherGuest",
	"serviceToken",
	"viewer",
	"operator",
];
/** Credentials that are not a customer at all: a customer route answers each with 401. */
const NOT_A_CUSTOMER: Credential[] = [
	"none",
	"expired",
	"algNone",
	"hsWithPublicKey",
	"wrongIssuer",
	"wrongAudience",
	"otherGuest",
	"serviceToken",
	"viewer",
	"operator",
];
/** Who may read /internal/*: the service token and operator JWTs of either role. */
const INTERNAL_READERS: Credential[] = ["serviceToken", "viewer", "operator"];

const b64 = (value: unknown) =>
	btoa(JSON.stringify(value)).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");

interface World {
	owner: string;
	tokens: Record<Credential, string | undefined>;
	guestToken: string;
	ids: {
		cartId: string;
		cartItemId: string;
		bookingId: string;
		itemId: string;
		guestBookingId: string;
		partnerRef: string;
	};
	addItemBody: unknown;
}
let world: World;

beforeAll(async () => {
	const owner = await tokenFor("cust_matrix_owner");
	const { booking } = await bookedBooking("cust_matrix_owner", 1);
	const cart = await newCart(owner);
	const { body } = await taxiItem(owner);
	const added = await call("POST", `/v1/carts/${cart.id}/items`, { token: owner, body });
	const guest = async () =>
		(
			await call("POST", "/v1/web/orders", {
				body: { items: [(await taxiItem(owner)).body], paymentMethod: "OVO", customer: customerContact },
			})
		).body;
	const [mine, theirs] = [await guest(), await guest()];
	const [, payload] = owner.split(".");
	const claims = JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
	const { publicKey } = await generateKeyPair("ES256");
	world = {
		owner,
		guestToken: mine.accessToken,
		tokens: {
			none: undefined,
			expired: await tokenFor("cust_matrix_owner", { ttlSeconds: -60 }),
			algNone: `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`,
			hsWithPublicKey: await new SignJWT(claims)
				.setProtectedHeader({ alg: "HS256" })
				.sign(new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey)))),
			wrongIssuer: await tokenFor("cust_matrix_owner", { issuer: "https://evil.example" }),
			wrongAudience: await tokenFor("cust_matrix_owner", { audience: "order-orchestrator-internal" }),
			otherCustomer: await tokenFor("cust_matrix_other"),
			otherGuest: theirs.accessToken,
			serviceToken: env.INTERNAL_SERVICE_TOKEN,
			viewer: await tokenFor("op_matrix_viewer", { role: "viewer" }),
			operator: await tokenFor("op_matrix_operator", { role: "operator" }),
		},
		ids: {
			cartId: cart.id,
			cartItemId: added.body.itemId,
			bookingId: booking.id,
			itemId: booking.items[0].id,
			guestBookingId: mine.booking.id,
			partnerRef: booking.items[0].partnerRef,
		},
		addItemBody: body,
	};
});

type Answer = number | ((credential: Credential) => number);
interface Row {
	method: string;
	path: (w: World) => string;
	body?: (w: World) => unknown;
	/** The answer for each credential (a number for all of them). */
	answer: Answer;
	/** What the answer's problem code is, per status. */
	codes?: Record<number, string>;
}

/** A route for one customer's resource: strangers learn nothing (404), non-customers are 401. */
const ownerOnly = (notFound: string): Pick<Row, "answer" | "codes"> => ({
	answer: (c) => (c === "otherCustomer" ? 404 : 401),
	codes: { 401: "UNAUTHORIZED", 404: notFound },
});
/** A route every customer may call for themselves. */
const anyCustomer = (ok: number): Pick<Row, "answer" | "codes"> => ({
	answer: (c) => (NOT_A_CUSTOMER.includes(c) ? 401 : ok),
	codes: { 401: "UNAUTHORIZED" },
});

const ROWS: Record<string, Row> = {
	SearchFleets: {
		method: "POST",
		path: () => "/v1/searches",
		body: () => ({
			businessType: "SHUTTLE",
			details: { origin: "Jakarta", destination: "Bandung", date: "2030-01-01" },
		}),
		// Guests search without a token; a token that is sent must be a customer's.
		answer: (c) => (c !== "none" && NOT_A_CUSTOMER.includes(c) ? 401 : 200),
		codes: { 401: "UNAUTHORIZED" },
	},
	CreateCart: { method: "POST", path: () => "/v1/carts", ...anyCustomer(201) },
	GetCart: { method: "GET", path: (w) => `/v1/carts/${w.ids.cartId}`, ...ownerOnly("CART_NOT_FOUND") },
	AddCartItem: {
		method: "POST",
		path: (w) => `/v1/carts/${w.ids.cartId}/items`,
		body: (w) => w.addItemBody,
		...ownerOnly("CART_NOT_FOUND"),
	},
	SetQuantity: {
		method: "PATCH",
		path: (w) => `/v1/carts/${w.ids.cartId}/items/${w.ids.cartItemId}`,
		body: () => ({ quantity: 2 }),
		...ownerOnly("CART_NOT_FOUND"),
	},
	DeleteCartItem: {
		method: "DELETE",
		path: (w) => `/v1/carts/${w.ids.cartId}/items/${w.ids.cartItemId}`,
		...ownerOnly("CART_NOT_FOUND"),
	},
	ApplyPromo: {
		method: "PUT",
		path: (w) => `/v1/carts/${w.ids.cartId}/promo`,
		body: () => ({ code: "HEMAT10" }),
		...ownerOnly("CART_NOT_FOUND"),
	},
	RemovePromo: {
		method: "DELETE",
		path: (w) => `/v1/carts/${w.ids.cartId}/promo`,
		...ownerOnly("CART_NOT_FOUND"),
	},
	CreateOrder: {
		method: "POST",
		path: () => "/v1/orders",
		body: (w) => ({ cartId: w.ids.cartId, paymentMethod: "GOPAY", customer: customerContact }),
		...ownerOnly("CART_NOT_FOUND"),
	},
	GetBookingDetail: {
		method: "GET",
		path: (w) => `/v1/bookings/${w.ids.bookingId}`,
		...ownerOnly("BOOKING_NOT_FOUND"),
	},
	ListBookings: { method: "GET", path: () => "/v1/bookings", ...anyCustomer(200) },
	CancelBooking: {
		method: "POST",
		path: (w) => `/v1/bookings/${w.ids.bookingId}/cancel`,
		...ownerOnly("BOOKING_NOT_FOUND"),
	},
	GetPayment: {
		method: "GET",
		path: (w) => `/v1/bookings/${w.ids.bookingId}/payment`,
		...ownerOnly("BOOKING_NOT_FOUND"),
	},
	GetOrderReceipt: {
		method: "GET",
		path: (w) => `/v1/bookings/${w.ids.bookingId}/receipt`,
		...ownerOnly("BOOKING_NOT_FOUND"),
	},
	GetRideDetail: {
		method: "GET",
		path: (w) => `/v1/order-items/${w.ids.itemId}/ride`,
		...ownerOnly("ORDER_ITEM_NOT_FOUND"),
	},
	GetRentDetail: {
		method: "GET",
		path: (w) => `/v1/order-items/${w.ids.itemId}/rent`,
		...ownerOnly("ORDER_ITEM_NOT_FOUND"),
	},
	GetDeliveryDetail: {
		method: "GET",
		path: (w) => `/v1/order-items/${w.ids.itemId}/delivery`,
		...ownerOnly("ORDER_ITEM_NOT_FOUND"),
	},
	GetShuttleDetail: {
		method: "GET",
		path: (w) => `/v1/order-items/${w.ids.itemId}/shuttle`,
		...ownerOnly("ORDER_ITEM_NOT_FOUND"),
	},
	// A guest's booking opens with its own access token only: every other credential is 401.
	GetOrderDetailWeb: {
		method: "GET",
		path: (w) => `/v1/web/orders/${w.ids.guestBookingId}`,
		answer: 401,
		codes: { 401: "UNAUTHORIZED" },
	},
	GetOrderReceiptWeb: {
		method: "GET",
		path: (w) => `/v1/web/orders/${w.ids.guestBookingId}/receipt`,
		answer: 401,
		codes: { 401: "UNAUTHORIZED" },
	},
	CancelOrderWeb: {
		method: "POST",
		path: (w) => `/v1/web/orders/${w.ids.guestBookingId}/cancel`,
		answer: 401,
		codes: { 401: "UNAUTHORIZED" },
	},
	// The token is checked before anything else, so no credential here reaches the upgrade.
	WatchOrderWeb: {
		method: "GET",
		path: (w) => `/v1/web/orders/${w.ids.guestBookingId}/live`,
		answer: 401,
		codes: { 401: "UNAUTHORIZED" },
	},
	// Public routes: no credential changes the answer (an invalid body, so nothing is created).
	PreviewWebOrder: {
		method: "POST",
		path: () => "/v1/web/pricing",
		body: () => ({ items: [] }),
		answer: 400,
	},
	CreateOrderWeb: { method: "POST", path: () => "/v1/web/orders", body: () => ({ items: [] }), answer: 400 },
	PromoValidate: {
		method: "POST",
		path: () => "/v1/promos/validate",
		body: () => ({ code: "NOPE", amount: 10_000 }),
		answer: 200,
	},
	HealthCheck: { method: "GET", path: () => "/health", answer: 200 },
	ListPaymentMethods: { method: "GET", path: () => "/v1/payment-methods", answer: 200 },
	HealthCheckReady: { method: "GET", path: () => "/health/ready", answer: 200 },
	// Callbacks take signatures, not tokens: a bearer of any kind is refused.
	CallbackPaymentInformation: {
		method: "POST",
		path: () => "/v1/callbacks/payment",
		body: () => ({}),
		answer: 401,
	},
	CallbackOrderItem: {
		method: "POST",
		path: () => "/v1/callbacks/order-items",
		body: () => ({}),
		answer: 401,
	},
	CallbackReceipt: { method: "POST", path: () => "/v1/callbacks/receipt", body: () => ({}), answer: 401 },
	// Operators only: the service token or an operator JWT (viewer or operator role).
	GetInternalBookingDetail: {
		method: "GET",
		path: (w) => `/internal/bookings/${w.ids.bookingId}`,
		answer: (c) => (INTERNAL_READERS.includes(c) ? 200 : 401),
		codes: { 401: "UNAUTHORIZED" },
	},
	GetBookingTimeline: {
		method: "GET",
		path: (w) => `/internal/bookings/${w.ids.bookingId}/timeline`,
		answer: (c) => (INTERNAL_READERS.includes(c) ? 200 : 401),
		codes: { 401: "UNAUTHORIZED" },
	},
	SearchBookings: {
		method: "GET",
		path: () => "/internal/bookings?limit=5",
		answer: (c) => (INTERNAL_READERS.includes(c) ? 200 : 401),
		codes: { 401: "UNAUTHORIZED" },
	},
	GetOperationsSummary: {
		method: "GET",
		path: () => "/internal/summary",
		answer: (c) => (INTERNAL_READERS.includes(c) ? 200 : 401),
		codes: { 401: "UNAUTHORIZED" },
	},
	ListDeadEvents: {
		method: "GET",
		path: () => "/internal/dead-events",
		answer: (c) => (INTERNAL_READERS.includes(c) ? 200 : 401),
		codes: { 401: "UNAUTHORIZED" },
	},
	// Acting takes the operator role (and an Idempotency-Key, which the matrix does not send).
	RunOperatorAction: {
		method: "POST",
		path: (w) => `/internal/bookings/${w.ids.bookingId}/actions`,
		body: () => ({ action: "resume", reason: "matrix check" }),
		answer: (c) => (c === "viewer" ? 403 : c === "serviceToken" || c === "operator" ? 400 : 401),
		codes: { 400: "IDEMPOTENCY_KEY_REQUIRED", 401: "UNAUTHORIZED", 403: "FORBIDDEN" },
	},
	// Acting takes the operator role: a viewer is known but may not (403); the event is unknown (404).
	ReplayDeadEvent: {
		method: "POST",
		path: () => "/internal/dead-events/evt_matrix_missing/replay",
		body: () => ({ reason: "matrix check" }),
		answer: (c) => (c === "viewer" ? 403 : c === "serviceToken" || c === "operator" ? 404 : 401),
		codes: { 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "DEAD_EVENT_NOT_FOUND" },
	},
};

describe("the authorization matrix", () => {
	it("has a row for every operation of the OpenAPI document", async () => {
		const doc = (await call("GET", "/openapi.json")).body as {
			paths: Record<string, Record<string, { operationId: string }>>;
		};
		const operations = Object.values(doc.paths).flatMap((methods) =>
			Object.values(methods).map((op) => op.operationId),
		);
		expect(operations.filter((id) => !(id in ROWS))).toEqual([]);
	});

	it("answers every route, for every credential, as documented, and leaks nothing to a stranger", async () => {
		const mismatches: string[] = [];
		for (const [operation, row] of Object.entries(ROWS)) {
			for (const credential of CREDENTIALS) {
				const expected = typeof row.answer === "number" ? row.answer : row.answer(credential);
				const token = world.tokens[credential];
				const res = await call(row.method, row.path(world), {
					...(token ? { token } : {}),
					...(row.body ? { body: row.body(world) } : {}),
					// The matrix's own address: guest limits spent by other suites never answer here.
					headers: { "cf-connecting-ip": "203.0.113.7" },
				});
				const code = row.codes?.[res.status];
				if (res.status !== expected || (code && res.body?.code !== code)) {
					mismatches.push(
						`${operation} × ${credential}: ${res.status} ${res.body?.code ?? ""}, expected ${expected} ${code ?? ""}`,
					);
				}
				const text = JSON.stringify(res.body ?? "");
				// Operators read every booking by design; everyone else must learn nothing.
				const operatorRead = row.path(world).startsWith("/internal") && INTERNAL_READERS.includes(credential);
				if (credential !== "serviceToken" && !operatorRead) {
					for (const secret of [world.ids.bookingId, world.ids.partnerRef]) {
						if (text.includes(secret) && res.status < 300 && !["CancelBooking"].includes(operation))
							mismatches.push(`${operation} × ${credential}: the answer names ${secret}`);
					}
				}
			}
		}
		expect(mismatches).toEqual([]);
	});

	it("lets the owner and the guest in, where the others were refused", async () => {
		for (const path of [
			`/v1/carts/${world.ids.cartId}`,
			`/v1/bookings/${world.ids.bookingId}`,
			`/v1/order-items/${world.ids.itemId}/ride`,
		]) {
			expect((await call("GET", path, { token: world.owner })).status, path).toBe(200);
		}
		const own = await call("GET", `/v1/web/orders/${world.ids.guestBookingId}`, { token: world.guestToken });
		expect(own.status).toBe(200);
		// A stranger's list holds none of the owner's bookings.
		const list = await call("GET", "/v1/bookings", { token: world.tokens.otherCustomer });
		expect(list.body.bookings.map((b: { id: string }) => b.id)).not.toContain(world.ids.bookingId);
	});

	it("refuses a partner callback signed with another partner's secret, and a callback signed for another caller", async () => {
		const event = {
			id: "evt_matrix",
			partnerRef: world.ids.partnerRef,
			bookingId: world.ids.bookingId,
			itemId: world.ids.itemId,
			businessType: "TAXI",
			status: "COMPLETED",
		};
		const raw = JSON.stringify(event);
		for (const [path, secret] of [
			["/v1/callbacks/order-items", partnerSecretOf("RENT")],
			["/v1/callbacks/order-items", partnerSecretOf("SHUTTLE")],
			["/v1/callbacks/order-items", env.PAYMENT_WEBHOOK_SECRET],
			["/v1/callbacks/payment", partnerSecretOf("TAXI")],
			["/v1/callbacks/receipt", env.PAYMENT_WEBHOOK_SECRET],
		] as const) {
			const res = await call("POST", path, {
				rawBody: raw,
				headers: { "x-signature": await signatureHeader(secret, raw) },
			});
			expect(res.status, `${path} signed with the wrong secret`).toBe(401);
			expect(res.body).toEqual(problem("SIGNATURE_INVALID", 401));
		}
		const item = (await call("GET", `/v1/bookings/${world.ids.bookingId}`, { token: world.owner })).body
			.items[0];
		expect(item.status).toBe("BOOKED");
	});
});
