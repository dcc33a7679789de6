import { linkExpired, OUTCOMES, type Outcome, type Payment, type PaymentMethod } from "./payments";

/** The hosted payment page: plain HTML with inline styles, no scripts, no external assets. */

const METHOD_LABELS: Record<PaymentMethod, string> = {
	CREDIT_CARD: "Credit card",
	LINKAJA: "LinkAja",
	DANA: "DANA",
	ISAKU: "i.saku",
	GOPAY: "GoPay",
	SHOPEEPAY: "ShopeePay",
	OVO: "OVO",
	ECV: "E-voucher (ECV)",
	NICEPAY: "Bank transfer (NICEPAY)",
};

const BUTTONS: Record<Outcome, { label: string; className: string }> = {
	PAID: { label: "Pay", className: "pay" },
	FAILED: { label: "Fail", className: "fail" },
	CANCELED: { label: "Cancel", className: "cancel" },
};

const STATUS_MESSAGES: Record<Payment["status"], string> = {
	PENDING: "Choose how this payment ends.",
	PAID: "Payment received. Thank you! You can close this page.",
	FAILED: "The payment failed. No money was taken.",
	CANCELED: "The payment was canceled. No money was taken.",
	VOIDED: "This payment link has expired.",
};

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f8;color:#1d2330}
main{max-width:28rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0002}
h1{font-size:1rem;font-weight:600;color:#5b6475;margin:0 0 .5rem}
.amount{font-size:2.2rem;font-weight:700;margin:0 0 1.5rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0 0 1.5rem}
dt{color:#5b6475}dd{margin:0;word-break:break-all}
.message{padding:.8rem 1rem;border-radius:8px;background:#eef2f7;margin:0 0 1rem}
.notice{background:#fdecea;color:#8a1c12}
.actions{display:flex;gap:.5rem}.actions form{flex:1}
button{width:100%;padding:.8rem;border:0;border-radius:8px;font-size:1rem;font-weight:600;cursor:pointer}
.pay{background:#0f9d58;color:#fff}.fail{background:#d93025;color:#fff}.cancel{background:#e3e6eb;color:#1d2330}
footer{margin-top:1.5rem;font-size:.8rem;color:#8a93a3}
`;

export function escapeHtml(value: string): string {
	return value
		.replaceAll("&", "&amp;")
		.replaceAll("<", "&lt;")
		.replaceAll(">", "&gt;")
		.replaceAll('"', "&quot;")
		.replaceAll("'", "&#39;");
}

/** Integer IDR the Indonesian way: "Rp 150.000". */
export function formatIdr(amount: number): string {
	const digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
	return `${amount < 0 ? "-" : ""}Rp ${digits}`;
}

/** Jakarta wall-clock time (UTC+7, no DST), which is what an Indonesian customer reads. */
function jakartaTime(iso: string): string {
	const shifted = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
	return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} WIB`;
}

function layout(title: string, content: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
<footer>Sandbox payment processor: no real money moves.</footer>
</main>
</body>
</html>
`;
}

function actions(paymentId: string): string {
	const action = `/pay/${encodeURIComponent(paymentId)}`;
	const forms = OUTCOMES.map((outcome) => {
		const button = BUTTONS[outcome];
		return `<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="outcome" value="${outcome}">
<button type="submit" class="${button.className}">${button.label}</button>
</form>`;
	});
	return `<div class="actions">\n${forms.join("\n")}\n</div>`;
}

/** Back to the shop that sent the customer here: after the outcome, or instead of paying now. */
function returnLink(url: string, open: boolean): string {
	const label = open ? "Back to the shop without paying" : "Back to the shop";
	return `<p class="return"><a data-testid="return" href="${escapeHtml(url)}">${label}</a></p>`;
}

/** The page for one payment: buttons while its link is open, otherwise where it stands. */
export function renderPaymentPage(payment: Payment, now: Date, notice?: string): string {
	const expired = linkExpired(payment, now);
	const open = payment.status === "PENDING" && !expired;
	const message = expired ? STATUS_MESSAGES.VOIDED : STATUS_MESSAGES[payment.status];
	const rows: [string, string, string][] = [
		["method", "Method", METHOD_LABELS[payment.method]],
		["reference", "Reference", payment.reference],
		["status", "Status", payment.status],
		["expires-at", "Pay before", jakartaTime(payment.expiresAt)],
		["payment-id", "Payment id", payment.paymentId],
	];
	if (payment.description) rows.splice(2, 0, ["description", "Description", payment.description]);
	const details = rows
		.map(([field, label, value]) => `<dt>${label}</dt><dd data-field="${field}">${escapeHtml(value)}</dd>`)
		.join("\n");
	const content = [
		"<h1>Order Orchestrator sandbox payment</h1>",
		`<p class="amount" data-field="amount">${formatIdr(payment.amount)}</p>`,
		`<dl>\n${details}\n</dl>`,
		notice ? `<p class="message notice" role="alert">${escapeHtml(notice)}</p>` : "",
		`<p class="message" data-field="message">${escapeHtml(message)}</p>`,
		open ? actions(payment.paymentId) : "",
		payment.returnUrl ? returnLink(payment.returnUrl, open) : "",
	];
	return layout(`Pay ${formatIdr(payment.amount)}`, content.filter(Boolean).join("\n"));
}

/** A page for a request that has no payment to show (unknown id, unreadable form). */
export function renderMessagePage(title: string, message: string): string {
	return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p class="message">${escapeHtml(message)}</p>`);
}
