/**
 * The booking as the tracking page shows it, derived only from the booking the API returns:
 * its status, its payment and refunds as recorded (a refund is "requested" until the processor
 * confirms it), every item with its partner's progress, and the saga's steps as a timeline.
 */
import { $, el, has, itemZone, localTime, money, t, timeEl } from "./common.js";
import { detailsEl } from "./describe.js";
import { ZONES } from "./zones.js";

const BOOKED = new Set(["BOOKED", "IN_PROGRESS", "DONE"]);
const UNSETTLED = new Set(["PENDING", "BOOKING"]);

/** The zone the booking's own times (created, paid, refunded) are shown in: its first item's. */
export const bookingZone = (b) =>
	b.items[0] ? itemZone(b.items[0].businessType, b.items[0].details) : ZONES.WIB;

const sagaFailed = (b) => b.status === "FAILED" || b.items.some((i) => i.status === "BOOK_FAILED");

/** The booking's status in words, and how it feels (good, wait, bad). */
export function bookingWords(b) {
	switch (b.status) {
		case "CREATED":
			return b.payment.status === "REQUEST_PAYMENT_LINK"
				? { text: t("booking.CREATED.preparing"), tone: "wait" }
				: { text: t("booking.CREATED"), tone: "wait" };
		case "ACTIVE": {
			if (sagaFailed(b) || b.items.some((i) => i.status === "CANCELING" && !b.cancelReason))
				return { text: t("booking.ACTIVE.undoing"), tone: "bad" };
			if (b.items.every((i) => BOOKED.has(i.status)))
				return { text: t("booking.ACTIVE.booked"), tone: "good" };
			if (b.items.every((i) => BOOKED.has(i.status) || i.status === "CANCELED"))
				return { text: t("booking.ACTIVE.partial"), tone: "good" };
			return { text: t("booking.ACTIVE.booking"), tone: "wait" };
		}
		case "COMPLETED":
			return { text: t("booking.COMPLETED"), tone: "good" };
		case "FAILED":
			return { text: t("booking.FAILED"), tone: "bad" };
		default:
			return { text: t("booking.CANCELED"), tone: "bad" };
	}
}

export function paymentWords(b) {
	const p = b.payment;
	if (p.method === "CASH" && p.status === "PAID") return t("payment.cash");
	return has(`payment.${p.status}`) ? t(`payment.${p.status}`) : p.status;
}

const reasonText = (reason) => (reason && has(`reason.${reason}`) ? t(`reason.${reason}`) : "");

function fact(label, value, testid) {
	return el(
		"div",
		{ class: "fact" },
		el("dt", { text: label }),
		el("dd", { dataset: testid ? { testid } : undefined }, value),
	);
}

export function renderFacts(b) {
	const zone = bookingZone(b);
	const words = bookingWords(b);
	const reason = b.status === "CANCELED" ? reasonText(b.cancelReason) : "";
	$("order-title").textContent = t("track.booking", { id: b.id });
	$("facts").replaceChildren(
		fact(t("track.status"), el("span", { class: `badge ${words.tone}`, text: words.text }), "booking-status"),
		fact(t("track.payment"), el("span", { text: paymentWords(b) }), "payment-status"),
		fact(t("track.total"), el("span", { text: money(b.pricing.total) }), "total"),
		fact(t("track.method"), el("span", { text: t(`method.${b.payment.method}`) })),
		fact(t("track.created"), timeEl(b.createdAt, zone)),
	);
	if (reason)
		$("facts").append(fact(t("booking.CANCELED"), el("span", { text: t("track.cancelReason", { reason }) })));
}

function itemEl(item) {
	const statusKey = `item.${item.status}`;
	const tone = BOOKED.has(item.status) ? "good" : UNSETTLED.has(item.status) ? "wait" : "bad";
	const facts = [];
	const row = (label, value) => facts.push(el("dt", { text: label }), el("dd", { text: value }));
	if (item.partnerStatus)
		row(
			t("track.partnerStatus"),
			has(`partner.${item.partnerStatus}`) ? t(`partner.${item.partnerStatus}`) : item.partnerStatus,
		);
	if (item.partnerRef) row(t("track.partnerRef"), item.partnerRef);
	if (item.vehicle) {
		row(t("track.driver"), `${item.vehicle.driverName} · ${item.vehicle.driverPhone}`);
		row(
			t("track.vehicle"),
			[item.vehicle.model, item.vehicle.color, item.vehicle.plate].filter(Boolean).join(" · "),
		);
	}
	const quantity =
		item.businessType === "SHUTTLE"
			? t("track.seats", { n: item.quantity })
			: t("track.quantity", { n: item.quantity });
	return el(
		"li",
		{ class: "item", dataset: { testid: "item", itemId: item.id, status: item.status } },
		el(
			"div",
			{ class: "line-head" },
			el("strong", { text: `${t(`service.${item.businessType}`)} · ${item.name}` }),
			el("span", { class: "line-total", text: money(item.amount) }),
		),
		el(
			"span",
			{},
			el("span", {
				class: `badge ${tone}`,
				dataset: { testid: "item-status" },
				text: has(statusKey) ? t(statusKey) : item.status,
			}),
			` ${quantity}`,
		),
		detailsEl(item.businessType, {
			...item.details,
			...(item.passenger ? { passenger: item.passenger } : {}),
		}),
		facts.length ? el("dl", { class: "item-facts" }, facts) : "",
	);
}

export function renderItems(b) {
	$("items").replaceChildren(...b.items.map(itemEl));
	const row = (label, value, cls) => [
		el("dt", { class: cls, text: label }),
		el("dd", { class: cls, text: value }),
	];
	$("amounts").replaceChildren(
		...row(t("track.subtotal"), money(b.pricing.subtotal)),
		...(b.pricing.discount
			? row(t("track.discount", { code: b.promo?.code ?? "" }), `− ${money(b.pricing.discount)}`, "discount")
			: []),
		...row(t("track.fees"), money(b.pricing.fees)),
		...row(t("track.total"), money(b.pricing.total), "total"),
	);
}

/** Each step: { key, state: done | current | next | failed, at? }. */
export function sagaSteps(b) {
	const steps = [{ key: "step.placed", state: "done", at: b.createdAt }];
	const p = b.payment;
	const cash = p.method === "CASH";
	const paid = Boolean(p.paidAt) || (cash && b.status !== "CREATED" && b.status !== "CANCELED");
	const refunds = p.refunds ?? [];
	const refundSteps = () => {
		if (refunds.length === 0) return;
		const done = refunds.every((r) => r.status === "SUCCEEDED");
		const firstAsked = refunds.map((r) => r.requestedAt).sort()[0];
		const lastDone = refunds
			.map((r) => r.succeededAt)
			.filter(Boolean)
			.sort()
			.at(-1);
		steps.push({ key: "step.refundRequested", state: "done", at: firstAsked });
		steps.push({ key: "step.refunded", state: done ? "done" : "current", at: done ? lastDone : undefined });
	};
	if (b.status === "CANCELED" || (!paid && b.status !== "CREATED")) {
		steps.push({ key: "step.notPaid", state: "failed" });
		steps.push({ key: "step.canceled", state: "failed", at: b.updatedAt });
		refundSteps();
		return steps;
	}
	// Cash changes hands on service: the step is done once the booking is.
	if (cash) steps.push({ key: "step.cash", state: b.status === "COMPLETED" ? "done" : "next" });
	else
		steps.push({ key: paid ? "step.paid" : "step.unpaid", state: paid ? "done" : "current", at: p.paidAt });
	if (!paid) {
		steps.push(
			{ key: "step.booking", state: "next" },
			{ key: "step.booked", state: "next" },
			{ key: "step.completed", state: "next" },
		);
		return steps;
	}
	if (sagaFailed(b)) {
		const undone = b.items.every((i) => i.status === "BOOK_FAILED" || i.status === "CANCELED");
		steps.push({ key: "step.booking", state: "failed" });
		steps.push({ key: "step.compensating", state: undone || b.status === "FAILED" ? "done" : "current" });
		if (refunds.length) refundSteps();
		else if (!cash && b.status !== "FAILED")
			steps.push({ key: "step.refundRequested", state: "next" }, { key: "step.refunded", state: "next" });
		return steps;
	}
	const booking = b.items.some((i) => UNSETTLED.has(i.status));
	steps.push({ key: "step.booking", state: booking ? "current" : "done" });
	steps.push({ key: "step.booked", state: booking ? "next" : "done" });
	const started = b.items.some((i) => i.status === "IN_PROGRESS" || i.status === "DONE");
	steps.push({
		key: "step.completed",
		state: b.status === "COMPLETED" ? "done" : started ? "current" : "next",
		at: b.status === "COMPLETED" ? b.updatedAt : undefined,
	});
	refundSteps();
	return steps;
}

export function renderTimeline(b) {
	const zone = bookingZone(b);
	$("timeline").replaceChildren(
		...sagaSteps(b).map((step) =>
			el(
				"li",
				{ class: step.state, dataset: { step: step.key.slice(5), state: step.state } },
				el("span", { text: t(step.key) }),
				el(
					"span",
					{ class: "step-state", text: t(`state.${step.state}`) },
					step.at ? " · " : "",
					step.at ? timeEl(step.at, zone) : "",
				),
			),
		),
	);
}

export function renderRefunds(b) {
	const p = b.payment;
	const refunds = p.refunds ?? [];
	$("refund-section").hidden = refunds.length === 0;
	if (refunds.length === 0) return;
	const zone = bookingZone(b);
	const nameOf = (itemId) => b.items.find((i) => i.id === itemId)?.name ?? itemId;
	$("refunds").replaceChildren(
		...refunds.map((r) => {
			const text =
				r.status === "SUCCEEDED"
					? t("track.refundDone", {
							amount: money(r.amount),
							time: localTime(r.succeededAt ?? r.requestedAt, zone),
						})
					: t("track.refundRequested", { amount: money(r.amount) });
			return el(
				"li",
				{ dataset: { testid: "refund", status: r.status } },
				el("span", {
					class: `badge ${r.status === "SUCCEEDED" ? "good" : "wait"}`,
					text: r.status === "SUCCEEDED" ? t("step.refunded") : t("step.refundRequested"),
				}),
				" ",
				r.itemId ? t("track.refundItem", { text, item: nameOf(r.itemId) }) : text,
			);
		}),
	);
	$("refunded-total").textContent = t("track.refundedTotal", {
		amount: money(p.refunded ?? 0),
		paid: money(p.amount),
	});
	$("refunded-total").dataset.testid = "refunded-total";
}
