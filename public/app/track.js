/**
 * The tracking page, at /track/{bookingId}#t=<accessToken> (the token stays in the fragment,
 * which is never sent to a server) and at /track, which opens the last booking this browser
 * ordered or asks for a booking number and access code. The booking is read with
 * GetOrderDetailWeb and kept live over the booking's WebSocket; while the socket is down the
 * page polls every few seconds and keeps trying to reconnect.
 */
import {
	$,
	api,
	clearMessage,
	ID,
	lastBooking,
	localTime,
	onLangChange,
	Problem,
	rememberBooking,
	rememberedToken,
	setFieldError,
	setUpLanguage,
	showProblem,
	t,
	trackingUrl,
} from "./common.js";
import {
	bookingWords,
	bookingZone,
	renderFacts,
	renderItems,
	renderRefunds,
	renderTimeline,
} from "./track-view.js";

const POLL_MS = 2_500;
const RECEIPT_RETRY_MS = 1_500;
const RECEIPT_TRIES = 40;

let current = null; // { id, token }
let booking = null;
let socket = null;
let pollTimer = 0;
let reconnectTimer = 0;
let reconnectDelay = 1_000;
let tickTimer = 0;
let live = false;
let receiptUrl = "";
let receiptTries = 0;

const announce = (text) => {
	const node = $("announce");
	node.textContent = "";
	setTimeout(() => {
		node.textContent = text;
	}, 30);
};

const path = (suffix = "") => `/v1/web/orders/${encodeURIComponent(current.id)}${suffix}`;

/* ---------- where the page is ---------- */

function route() {
	stopLive();
	const match = /^\/track\/([^/]+)\/?$/.exec(location.pathname);
	const fragment = new URLSearchParams(location.hash.slice(1));
	if (match) {
		const id = decodeURIComponent(match[1]);
		const token = fragment.get("t") || rememberedToken(id);
		if (token) {
			// Back from the pay page (no fragment): the link stays shareable, as from an e-mail.
			if (!fragment.get("t")) history.replaceState(null, "", trackingUrl(id, token));
			return open(id, token);
		}
		return showLookup(id);
	}
	if (location.hash !== "#find") {
		const last = lastBooking();
		if (last) {
			history.replaceState(null, "", trackingUrl(last.bookingId, last.accessToken));
			return open(last.bookingId, last.accessToken);
		}
	}
	showLookup("");
}

function showLookup(id, error) {
	stopLive();
	current = null;
	booking = null;
	$("order").hidden = true;
	$("loading").hidden = true;
	$("lookup").hidden = false;
	if (id) $("lookup-id").value = id;
	if (error) showProblem($("lookup-error"), error);
	else clearMessage($("lookup-error"));
	(id ? $("lookup-token") : $("lookup-id")).focus();
}

async function lookup(event) {
	event.preventDefault();
	const id = $("lookup-id").value.trim();
	const token = $("lookup-token").value.trim();
	setFieldError($("lookup-id"), ID.test(id) ? null : t("v.bookingId"));
	setFieldError($("lookup-token"), token ? null : t("v.token"));
	clearMessage($("lookup-error"));
	if (!ID.test(id)) return $("lookup-id").focus();
	if (!token) return $("lookup-token").focus();
	$("lookup-submit").disabled = true;
	try {
		await open(id, token, { fromForm: true });
	} finally {
		$("lookup-submit").disabled = false;
	}
}

/** Reads the booking once; on success shows it and goes live, otherwise says why. */
async function open(id, token, { fromForm = false } = {}) {
	if (current?.id !== id) {
		receiptUrl = "";
		receiptTries = 0;
	}
	current = { id, token };
	if (!fromForm) {
		$("lookup").hidden = true;
		$("loading").hidden = false;
	}
	try {
		const { body } = await api("GET", path(), { token });
		if (fromForm) {
			rememberBooking(id, token);
			history.replaceState(null, "", trackingUrl(id, token));
			$("lookup-token").value = "";
		}
		$("lookup").hidden = true;
		$("loading").hidden = true;
		$("order").hidden = false;
		show(body, { first: true });
		$("order-title").setAttribute("tabindex", "-1");
		if (fromForm) $("order-title").focus();
		connect();
	} catch (error) {
		current = null;
		showLookup(id, error);
	}
}

/* ---------- showing the booking ---------- */

const signature = (b) =>
	[
		bookingWords(b).text,
		b.payment.status,
		...b.items.map((i) => `${i.status}/${i.partnerStatus ?? ""}`),
	].join("|");

function show(next, { first = false } = {}) {
	// An older view arriving late never overwrites a newer one.
	if (booking && booking.id === next.id && typeof next.version === "number" && next.version < booking.version)
		return;
	const before = booking ? signature(booking) : "";
	booking = next;
	render();
	if (!first && before !== signature(next)) announce(t("track.updated", { status: bookingWords(next).text }));
}

function render() {
	if (!booking) return;
	const b = booking;
	renderFacts(b);
	renderItems(b);
	renderTimeline(b);
	renderRefunds(b);
	renderPayment(b);
	renderCancel(b);
	renderReceipt(b);
	renderConnection();
}

function renderPayment(b) {
	const waiting = b.status === "CREATED" && b.payment.status === "WAITING_FOR_PAYMENT";
	$("pay-box").hidden = !waiting;
	clearInterval(tickTimer);
	if (!waiting) return;
	const link = $("pay-link");
	link.hidden = !b.payment.url;
	if (b.payment.url) link.href = b.payment.url;
	const expiresAt = Date.parse(b.payment.expiresAt ?? "");
	$("pay-before").textContent = Number.isNaN(expiresAt)
		? ""
		: t("track.payBefore", { time: localTime(b.payment.expiresAt, bookingZone(b)) });
	const tick = () => {
		if (Number.isNaN(expiresAt)) {
			$("countdown").textContent = "";
			return;
		}
		const left = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
		if (left === 0) {
			$("countdown").textContent = t("track.payExpired");
			link.hidden = true;
			clearInterval(tickTimer);
			return;
		}
		const h = Math.floor(left / 3600);
		const m = Math.floor((left % 3600) / 60);
		const s = String(left % 60).padStart(2, "0");
		const clock = h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
		$("countdown").textContent = t("track.payWithin", { time: clock });
	};
	tick();
	tickTimer = setInterval(tick, 1000);
}

function renderCancel(b) {
	const cancelable =
		b.status === "CREATED" &&
		(b.payment.status === "WAITING_FOR_PAYMENT" || b.payment.status === "REQUEST_PAYMENT_LINK");
	const area = $("cancel-area");
	const wasShown = !area.hidden;
	area.hidden = !cancelable;
	if (!cancelable) {
		$("cancel-confirm").hidden = true;
		if (wasShown && document.activeElement === document.body) $("order-title").focus();
	}
	$("cancel-question").textContent = t("track.cancelConfirm", { id: b.id });
}

function renderReceipt(b) {
	const section = $("receipt-section");
	section.hidden = b.status !== "COMPLETED";
	if (section.hidden) return;
	const url = receiptUrl || b.receipt?.url;
	if (url) {
		$("receipt-link").href = url;
		$("receipt-link").hidden = false;
		$("receipt").hidden = true;
		$("receipt-status").textContent = "";
	}
}

function renderConnection() {
	$("connection").textContent = live ? t("track.live") : t("track.polling");
}

/* ---------- keeping it live ---------- */

function connect() {
	if (!current) return;
	clearTimeout(reconnectTimer);
	const scheme = location.protocol === "https:" ? "wss:" : "ws:";
	let ws;
	try {
		ws = new WebSocket(
			`${scheme}//${location.host}${path("/live")}?token=${encodeURIComponent(current.token)}`,
		);
	} catch {
		return dropped();
	}
	socket = ws;
	ws.addEventListener("open", () => {
		if (socket !== ws) return;
		live = true;
		reconnectDelay = 1_000;
		stopPolling();
		renderConnection();
	});
	ws.addEventListener("message", (event) => {
		if (socket !== ws) return;
		let message;
		try {
			message = JSON.parse(event.data);
		} catch {
			return;
		}
		if (message?.type === "booking" && message.booking?.id === current?.id) show(message.booking);
	});
	ws.addEventListener("close", () => {
		if (socket === ws) dropped();
	});
}

/** The socket is gone: poll until it is back, and try it again with growing pauses. */
function dropped() {
	socket = null;
	live = false;
	renderConnection();
	startPolling();
	clearTimeout(reconnectTimer);
	reconnectTimer = setTimeout(connect, reconnectDelay);
	reconnectDelay = Math.min(reconnectDelay * 2, 30_000);
}

function startPolling() {
	if (pollTimer || !current) return;
	const poll = async () => {
		if (!current) return;
		try {
			const { body } = await api("GET", path(), { token: current.token });
			show(body);
		} catch (error) {
			if (error instanceof Problem && (error.status === 401 || error.status === 404)) {
				const id = current.id;
				stopLive();
				showLookup(id, error);
				return;
			}
		}
		if (pollTimer) pollTimer = setTimeout(poll, POLL_MS);
	};
	pollTimer = setTimeout(poll, POLL_MS);
}

function stopPolling() {
	clearTimeout(pollTimer);
	pollTimer = 0;
}

function stopLive() {
	stopPolling();
	clearTimeout(reconnectTimer);
	clearInterval(tickTimer);
	const ws = socket;
	socket = null;
	live = false;
	ws?.close();
}

/* ---------- actions ---------- */

async function cancelOrder() {
	clearMessage($("cancel-error"));
	$("cancel-yes").disabled = true;
	$("cancel-yes").textContent = t("track.canceling");
	try {
		const { body } = await api("POST", path("/cancel"), { token: current.token });
		$("cancel-confirm").hidden = true;
		if (body && body.id === current.id) show(body);
		announce(t("track.canceled"));
		$("order-title").focus();
	} catch (error) {
		showProblem($("cancel-error"), error);
		// The booking moved on meanwhile (paid, expired): show where it stands.
		api("GET", path(), { token: current.token })
			.then(({ body }) => show(body))
			.catch(() => {});
	} finally {
		$("cancel-yes").disabled = false;
		$("cancel-yes").textContent = t("track.cancelYes");
	}
}

async function fetchReceipt() {
	clearMessage($("receipt-error"));
	$("receipt").disabled = true;
	try {
		const { status, body } = await api("GET", path("/receipt"), { token: current.token });
		if (status === 200 && body.url) {
			receiptUrl = body.url;
			receiptTries = 0;
			$("receipt").disabled = false;
			renderReceipt(booking);
			$("receipt-link").focus();
			return;
		}
		$("receipt-status").textContent = t("track.receiptPending");
		if (++receiptTries >= RECEIPT_TRIES) {
			receiptTries = 0;
			$("receipt-status").textContent = t("track.receiptSlow");
			$("receipt").disabled = false;
			return;
		}
		setTimeout(fetchReceipt, RECEIPT_RETRY_MS);
	} catch (error) {
		$("receipt-status").textContent = "";
		showProblem($("receipt-error"), error);
		$("receipt").disabled = false;
	}
}

document.addEventListener("DOMContentLoaded", () => {
	setUpLanguage();
	$("lookup-form").addEventListener("submit", lookup);
	for (const id of ["lookup-id", "lookup-token"])
		$(id).addEventListener("input", () => setFieldError($(id), null));
	$("cancel").addEventListener("click", () => {
		$("cancel-confirm").hidden = false;
		$("cancel-no").focus();
	});
	$("cancel-no").addEventListener("click", () => {
		$("cancel-confirm").hidden = true;
		$("cancel").focus();
	});
	$("cancel-yes").addEventListener("click", cancelOrder);
	$("receipt").addEventListener("click", fetchReceipt);
	$("track-another").addEventListener("click", (event) => {
		event.preventDefault();
		history.pushState(null, "", "/track#find");
		$("lookup-id").value = "";
		showLookup("");
	});
	window.addEventListener("popstate", route);
	window.addEventListener("hashchange", route);
	onLangChange(() => {
		render();
		for (const node of document.querySelectorAll("[aria-invalid='true']")) setFieldError(node, null);
		clearMessage($("lookup-error"));
	});
	route();
});
