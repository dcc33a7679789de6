/**
 * The reservation page at /: search a service, add offers to the basket, give contact details
 * and a payment method, and place one order (CreateOrderWeb) that goes to the processor's pay
 * page, or straight to tracking for cash. A double click or a retry sends the same
 * Idempotency-Key, so it makes one order.
 */
import {
	$,
	api,
	clearMessage,
	EMAIL,
	el,
	localTime,
	money,
	onLangChange,
	PHONE,
	Problem,
	rememberBooking,
	setFieldError,
	setUpLanguage,
	showProblem,
	t,
	trackingUrl,
} from "./common.js";
import { detailsEl } from "./describe.js";
import {
	addLine,
	basket,
	clearBasket,
	itemBodies,
	lineError,
	MAX_QUANTITY,
	refreshPricing,
	renderBasket,
	setUpBasket,
} from "./reserve-basket.js";
import {
	readSearch,
	refreshZoneHints,
	searchFieldFor,
	selectedService,
	setUpServiceForms,
} from "./reserve-search.js";

const METHODS = [
	"CASH",
	"CREDIT_CARD",
	"LINKAJA",
	"DANA",
	"ISAKU",
	"GOPAY",
	"SHOPEEPAY",
	"OVO",
	"ECV",
	"NICEPAY",
];
/** The documented ten, used when ListPaymentMethods cannot be reached. */
const FALLBACK_METHODS = METHODS.map((method) => ({
	method,
	enabled: true,
	needsPaymentLink: method !== "CASH",
	maxConcurrentBookings: null,
}));
const CONTACT_KEY = "oo.contact";
const ORDER_KEY = "oo.orderKey";

let methods = [];
let methodsFellBack = false;
let lastSearch = null;
let placing = false;

const announce = (text) => {
	const node = $("announce");
	node.textContent = "";
	// A change the screen reader notices even when the same sentence repeats.
	setTimeout(() => {
		node.textContent = text;
	}, 30);
};

const chosenMethod = () => document.querySelector('input[name="method"]:checked')?.value ?? "";

/* ---------- search and offers ---------- */

async function search(event) {
	event.preventDefault();
	clearMessage($("search-error"));
	const read = readSearch();
	if (!read.ok) {
		showSummary($("search-error"), read.errors.length);
		read.errors[0][0].focus();
		return;
	}
	const button = $("search-button");
	button.disabled = true;
	button.textContent = t("action.searching");
	try {
		const { body } = await api("POST", "/v1/searches", { body: read.search });
		lastSearch = { ...body, item: read.item, searchedFor: read.search };
		renderQuotes();
		announce(body.fleets.length ? t("quotes.found", { n: body.fleets.length }) : t("quotes.none"));
		$("quote-list").querySelector("button")?.focus();
	} catch (error) {
		if (error instanceof Problem && error.code === "VALIDATION_FAILED" && error.problem.errors?.length) {
			for (const { path, message } of error.problem.errors) {
				const input = searchFieldFor(selectedService(), path);
				if (input) setFieldError(input, message);
			}
		}
		showProblem($("search-error"), error);
	} finally {
		button.disabled = false;
		button.textContent = t("action.search");
	}
}

function showSummary(target, n) {
	target.replaceChildren(el("span", { text: t("v.summary", { n }) }));
	target.hidden = false;
}

function fleetFacts(businessType, fleet) {
	const a = fleet.attributes ?? {};
	if (businessType === "TAXI" && typeof a.distanceKm === "number")
		return t("quotes.distance", { km: a.distanceKm.toLocaleString(undefined, { maximumFractionDigits: 1 }) });
	if (businessType === "RENT" && a.days) return t("quotes.days", { n: a.days });
	if (businessType === "SHUTTLE" && a.seatsAvailable !== undefined)
		return `${t("quotes.perSeat")} · ${t("quotes.seatsLeft", { n: a.seatsAvailable })}`;
	return "";
}

function renderQuotes() {
	const section = $("quotes");
	if (!lastSearch) {
		section.hidden = true;
		return;
	}
	section.hidden = false;
	const { businessType, fleets, expiresAt } = lastSearch;
	$("quotes-valid").textContent = t("quotes.validUntil", {
		time: localTime(expiresAt, undefined, { timeOnly: true }),
	});
	const list = $("quote-list");
	if (!fleets.length) {
		list.replaceChildren(el("li", { class: "hint", text: t("quotes.none") }));
		return;
	}
	list.replaceChildren(
		...fleets.map((fleet, index) => {
			const details = lastSearch.item(fleet);
			const max =
				businessType === "SHUTTLE"
					? Math.min(MAX_QUANTITY, Number(fleet.attributes?.seatsAvailable) || 1)
					: MAX_QUANTITY;
			const qtyId = `quote-qty-${index}`;
			const select = el(
				"select",
				{ id: qtyId },
				Array.from({ length: max }, (_, i) => el("option", { value: String(i + 1), text: String(i + 1) })),
			);
			const button = el(
				"button",
				{ type: "button", class: "secondary" },
				t("action.add"),
				el("span", { class: "sr-only", text: `: ${fleet.name}` }),
			);
			button.addEventListener("click", () => {
				addLine({
					businessType,
					sessionId: lastSearch.sessionId,
					fleetId: fleet.fleetId,
					name: fleet.name,
					unitPrice: fleet.unitPrice,
					quantity: Number(select.value),
					maxQuantity: max,
					quoteExpiresAt: expiresAt,
					details,
				});
				announce(t("basket.added", { name: fleet.name }));
			});
			return el(
				"li",
				{ class: "quote", dataset: { testid: "quote", fleet: fleet.fleetId } },
				el(
					"div",
					{ class: "quote-head" },
					el("strong", { text: fleet.name }),
					el("span", { class: "price", text: money(fleet.unitPrice) }),
				),
				fleetFacts(businessType, fleet)
					? el("span", { class: "hint", text: fleetFacts(businessType, fleet) })
					: "",
				businessType === "SHUTTLE" ? detailsEl(businessType, details) : "",
				el(
					"div",
					{ class: "quote-actions" },
					el(
						"div",
						{ class: "field qty" },
						el("label", {
							for: qtyId,
							text: businessType === "SHUTTLE" ? t("field.seats") : t("field.quantity"),
						}),
						select,
					),
					button,
				),
			);
		}),
	);
}

/* ---------- payment methods ---------- */

async function loadMethods() {
	try {
		const { body } = await api("GET", "/v1/payment-methods");
		if (!Array.isArray(body.methods) || body.methods.length === 0) throw new Error("no methods");
		methods = body.methods;
		methodsFellBack = false;
	} catch {
		methods = FALLBACK_METHODS;
		methodsFellBack = true;
	}
	renderMethods();
}

function renderMethods() {
	const previous = chosenMethod() || sessionStorage.getItem("oo.method") || "GOPAY";
	const enabled = methods.filter((m) => m.enabled);
	const selected = enabled.find((m) => m.method === previous) ? previous : enabled[0]?.method;
	$("methods-note").hidden = !methodsFellBack;
	$("methods-note").textContent = methodsFellBack ? t("checkout.methodsFallback") : "";
	$("method-list").replaceChildren(
		...methods.map((m) => {
			const id = `method-${m.method}`;
			const noteId = `${id}-note`;
			const note = !m.enabled
				? m.disabledMessage || t("checkout.disabled")
				: m.needsPaymentLink
					? ""
					: t("checkout.cashNote");
			return el(
				"div",
				{ class: `method${m.enabled ? "" : " disabled"}` },
				el("input", {
					type: "radio",
					name: "method",
					id,
					value: m.method,
					disabled: !m.enabled,
					checked: m.method === selected,
					"aria-describedby": note ? noteId : undefined,
				}),
				el("label", { for: id, text: t(`method.${m.method}`) }),
				note ? el("span", { class: "hint", id: noteId, text: note }) : "",
			);
		}),
	);
	for (const input of document.querySelectorAll('input[name="method"]'))
		input.addEventListener("change", () => {
			sessionStorage.setItem("oo.method", input.value);
			clearMessage($("order-error"));
			refreshPricing();
		});
}

/* ---------- contact and order ---------- */

const CONTACT_FIELDS = { name: "contact-name", phone: "contact-phone", email: "contact-email" };

function loadContact() {
	try {
		const saved = JSON.parse(sessionStorage.getItem(CONTACT_KEY) || "{}");
		for (const [key, id] of Object.entries(CONTACT_FIELDS))
			if (typeof saved[key] === "string") $(id).value = saved[key];
	} catch {}
	for (const id of Object.values(CONTACT_FIELDS))
		$(id).addEventListener("input", () => {
			setFieldError($(id), null);
			sessionStorage.setItem(CONTACT_KEY, JSON.stringify(readContact()));
		});
}

const readContact = () => ({
	name: $("contact-name").value.trim(),
	phone: $("contact-phone").value.trim(),
	email: $("contact-email").value.trim(),
});

function checkOrder(contact, method) {
	const errors = [];
	if (!contact.name) errors.push([$("contact-name"), t("v.required")]);
	if (!contact.phone) errors.push([$("contact-phone"), t("v.required")]);
	else if (!PHONE.test(contact.phone)) errors.push([$("contact-phone"), t("v.phone")]);
	if (!contact.email) errors.push([$("contact-email"), t("v.required")]);
	else if (!EMAIL.test(contact.email)) errors.push([$("contact-email"), t("v.email")]);
	for (const id of Object.values(CONTACT_FIELDS)) setFieldError($(id), null);
	for (const [input, message] of errors) setFieldError(input, message);
	if (!method)
		errors.push([
			document.querySelector('input[name="method"]:not([disabled])') ?? $("place-order"),
			t("v.choose"),
		]);
	return errors;
}

/** One key per basket, contact, method and promo: the same order state retried reuses it. */
function idempotencyKey(body) {
	const fingerprint = JSON.stringify(body);
	try {
		const saved = JSON.parse(sessionStorage.getItem(ORDER_KEY) || "null");
		if (saved && saved.fingerprint === fingerprint) return saved.key;
	} catch {}
	const key = crypto.randomUUID();
	sessionStorage.setItem(ORDER_KEY, JSON.stringify({ fingerprint, key }));
	return key;
}

const CONTACT_PATHS = {
	"customer.name": "contact-name",
	"customer.phone": "contact-phone",
	"customer.email": "contact-email",
};

function showOrderProblem(error) {
	showProblem($("order-error"), error);
	if (!(error instanceof Problem) || !error.problem.errors) return;
	for (const { path, message } of error.problem.errors) {
		const contactField = CONTACT_PATHS[path];
		if (contactField) setFieldError($(contactField), message);
		const item = /^items\.(\d+)/.exec(path);
		if (item) lineError(Number(item[1]), message);
	}
}

async function placeOrder(event) {
	event.preventDefault();
	if (placing) return;
	const button = $("place-order");
	clearMessage($("order-error"));
	if (basket.lines.length === 0) {
		$("order-error").textContent = t("checkout.needItems");
		$("order-error").hidden = false;
		return;
	}
	const contact = readContact();
	const method = chosenMethod();
	const errors = checkOrder(contact, method);
	if (errors.length) {
		showSummary($("order-error"), errors.length);
		errors[0][0].focus();
		return;
	}
	placing = true;
	button.disabled = true;
	button.setAttribute("aria-busy", "true");
	button.textContent = t("action.placing");
	const body = {
		items: itemBodies(),
		paymentMethod: method,
		customer: contact,
		...(basket.promoCode ? { promoCode: basket.promoCode } : {}),
		// The API puts the new booking's id in place of {bookingId}.
		returnUrl: `${location.origin}/track/{bookingId}`,
	};
	const key = idempotencyKey(body);
	try {
		const { body: order } = await api("POST", "/v1/web/orders", {
			body,
			headers: { "idempotency-key": key },
		});
		rememberBooking(order.booking.id, order.accessToken);
		clearBasket();
		sessionStorage.removeItem(ORDER_KEY);
		const payUrl = order.payment?.url;
		announce(
			payUrl
				? t("checkout.redirecting", { id: order.booking.id })
				: t("checkout.placed", { id: order.booking.id }),
		);
		location.assign(payUrl || trackingUrl(order.booking.id, order.accessToken));
		return;
	} catch (error) {
		showOrderProblem(error);
		if (error instanceof Problem && error.code === "PAYMENT_METHOD_DISABLED") loadMethods();
		placing = false;
		button.disabled = false;
		button.removeAttribute("aria-busy");
		button.textContent = t("action.placeOrder");
	}
}

document.addEventListener("DOMContentLoaded", () => {
	setUpLanguage();
	setUpServiceForms();
	loadContact();
	setUpBasket({ paymentMethod: () => chosenMethod() || "GOPAY", announce });
	$("search-form").addEventListener("submit", search);
	$("order-form").addEventListener("submit", placeOrder);
	onLangChange(() => {
		refreshZoneHints();
		renderQuotes();
		renderBasket();
		renderMethods();
		for (const node of document.querySelectorAll("[aria-invalid='true']")) setFieldError(node, null);
		clearMessage($("search-error"));
		clearMessage($("order-error"));
		clearMessage($("promo-ok"));
	});
	loadMethods().then(refreshPricing);
});

// Back from the pay page through the browser's history: the page may be restored as it was left.
window.addEventListener("pageshow", (event) => {
	if (!event.persisted) return;
	placing = false;
	$("place-order").disabled = false;
	$("place-order").removeAttribute("aria-busy");
	$("place-order").textContent = t("action.placeOrder");
	renderBasket();
});
