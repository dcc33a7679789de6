/**
 * The operator console's script, served as /internal/console.js. Plain DOM, no framework and no
 * build: every value from the API is written with textContent, never as HTML. Times are shown
 * in the booking's local zone (WIB/WITA/WIT, from the detail's timeZone) with UTC on hover.
 */
export const CONSOLE_JS = `"use strict";
const TOKEN = "operator-token";
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
};
const idr = (n) => "IDR " + Number(n).toLocaleString("en-US");
let nextCursor = null;

function token() { return sessionStorage.getItem(TOKEN); }

async function api(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    headers: { authorization: "Bearer " + token(), accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) { signOut("Your token was refused: " + (data.detail || "sign in again.")); throw new Error("unauthorized"); }
  if (!response.ok) throw Object.assign(new Error(data.detail || data.title || response.statusText), { problem: data });
  return data;
}

function when(iso, zone) {
  const at = new Date(iso);
  const local = zone
    ? at.toLocaleString("en-GB", { timeZone: zone.timeZone, dateStyle: "medium", timeStyle: "medium" }) + " " + zone.zone
    : at.toISOString().replace("T", " ").slice(0, 19) + " UTC";
  return el("time", { datetime: at.toISOString(), title: at.toISOString().replace("T", " ").slice(0, 19) + " UTC", text: local });
}

function show(section) {
  for (const id of ["sign-in", "home", "booking"]) $(id).hidden = id !== section;
  $("sign-out").hidden = section === "sign-in";
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN);
  $("who").textContent = "";
  show("sign-in");
  $("sign-in-error").textContent = message || "";
}

function whoAmI() {
  try {
    const claims = JSON.parse(atob(token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return claims.sub + " (" + claims.role + ")";
  } catch { return "service token"; }
}

async function home() {
  show("home");
  const summary = await api("GET", "/internal/summary");
  const cards = $("summary");
  cards.replaceChildren();
  const card = (label, value, cls) => cards.append(el("div", { class: "card " + (cls || "") }, el("b", { text: String(value) }), label));
  card("need attention", summary.needsAttention, summary.needsAttention ? "attention" : "");
  card("dead events", summary.deadEvents, summary.deadEvents ? "attention" : "");
  for (const [status, n] of Object.entries(summary.byStatus)) card(status, n);
  card("saga p50 / p99 (last hour)", summary.sagaMs.n ? summary.sagaMs.p50 + " / " + summary.sagaMs.p99 + " ms" : "–");
  await search(false);
  await deadEvents();
}

async function deadEvents() {
  const page = await api("GET", "/internal/dead-events?limit=50");
  const body = $("dead").tBodies[0];
  body.replaceChildren();
  for (const dead of page.deadEvents) {
    body.append(el("tr", {},
      el("td", { text: dead.id }),
      el("td", {}, dead.bookingId ? el("a", { href: "#/bookings/" + encodeURIComponent(dead.bookingId), text: dead.bookingId }) : "–"),
      el("td", { text: String(dead.attempts) }),
      el("td", { text: dead.lastError || "–" }),
      el("td", {}, when(dead.deadAt)),
      el("td", { text: dead.replayedAt ? "by " + dead.replayedBy : "" }),
      el("td", {}, dead.replayedAt ? "" : el("button", { type: "button", onclick: () => replay(dead.id), text: "Replay" }))));
  }
  if (page.deadEvents.length === 0) body.append(el("tr", {}, el("td", { colspan: "7", text: "No dead event." })));
}

async function replay(id) {
  const answer = await ask("Replay event", id, false);
  if (!answer) return;
  try {
    await api("POST", "/internal/dead-events/" + encodeURIComponent(id) + "/replay", { reason: answer.reason });
    $("error").textContent = "";
  } catch (error) {
    $("error").textContent = "Replay: " + error.message;
  }
  await deadEvents();
}

async function search(more) {
  const form = new FormData($("search"));
  const query = new URLSearchParams();
  for (const [key, value] of form) {
    if (!value) continue;
    // A day: from its first instant, to its last (UTC).
    if (key === "from") query.set(key, value + "T00:00:00Z");
    else if (key === "to") query.set(key, value + "T23:59:59.999Z");
    else query.set(key, value);
  }
  query.set("limit", "20");
  if (more && nextCursor) query.set("cursor", nextCursor);
  const page = await api("GET", "/internal/bookings?" + query);
  const body = $("results").tBodies[0];
  if (!more) body.replaceChildren();
  for (const row of page.bookings) {
    body.append(el("tr", {},
      el("td", {}, el("a", { href: "#/bookings/" + encodeURIComponent(row.id), text: row.id })),
      el("td", { text: row.status }),
      el("td", { text: row.paymentMethod + " · " + row.paymentStatus }),
      el("td", { text: idr(row.total) }),
      el("td", { text: row.sagaStatus || "–" }),
      el("td", { class: row.attention ? "attention" : "", text: row.attention ? "yes" : "" }),
      el("td", {}, when(row.createdAt))));
  }
  if (page.bookings.length === 0 && !more) body.append(el("tr", {}, el("td", { colspan: "7", text: "No booking matches." })));
  nextCursor = page.nextCursor;
  $("more").hidden = !nextCursor;
}

/** Which actions the booking's state allows (the API checks again and says why when not). */
function allowedActions(detail) {
  const log = detail.saga && detail.saga.log;
  const now = Date.now();
  const actions = [];
  if (log && log.steps.some((s) => s.nextAttemptAt && Date.parse(s.nextAttemptAt) > now && ["RETRY_WAIT", "SUCCEEDED", "FAILED"].includes(s.state) && log.status !== "SUCCEEDED")) actions.push(["retry-now", "Retry now"]);
  if (log && log.needsAttention) actions.push(["resume", "Resume"]);
  if (detail.booking.status === "ACTIVE" && log && ["RUNNING", "SUCCEEDED"].includes(log.status) && !detail.booking.items.some((i) => ["IN_PROGRESS", "DONE"].includes(i.status))) actions.push(["force-compensate", "Force compensate"]);
  if (detail.booking.payment.paidAt && detail.booking.payment.method !== "CASH") actions.push(["refund", "Refund"]);
  actions.push(["resend-notification", "Resend notification"]);
  return actions;
}

function ask(title, text, withAmount) {
  return new Promise((resolve) => {
    const dialog = $("confirm");
    $("confirm-title").textContent = title;
    $("confirm-text").textContent = text;
    $("amount").hidden = $("amount-label").hidden = !withAmount;
    $("amount").value = "";
    $("reason").value = "";
    $("confirm-error").textContent = "";
    const done = (value) => { dialog.close(); resolve(value); };
    $("confirm-cancel").onclick = () => done(null);
    $("confirm-form").onsubmit = (event) => {
      event.preventDefault();
      const reason = $("reason").value.trim();
      if (reason.length < 5) { $("confirm-error").textContent = "Say why, in at least 5 characters."; return; }
      const amount = Number($("amount").value);
      if (withAmount && !(Number.isInteger(amount) && amount > 0)) { $("confirm-error").textContent = "Give the amount to refund, in whole IDR."; return; }
      if (!confirm(title + (withAmount ? " IDR " + amount.toLocaleString("en-US") : "") + "?")) return;
      done({ reason, ...(withAmount ? { amount } : {}) });
    };
    dialog.showModal();
  });
}

async function act(bookingId, action, label, itemId) {
  const answer = await ask(label, itemId ? "Item " + itemId : "Booking " + bookingId, action === "refund");
  if (!answer) return;
  const key = crypto.randomUUID();
  try {
    await api("POST", "/internal/bookings/" + encodeURIComponent(bookingId) + "/actions", { action, ...answer, ...(itemId ? { itemId } : {}) }, { "idempotency-key": key });
    $("error").textContent = "";
  } catch (error) {
    $("error").textContent = label + ": " + error.message;
  }
  await booking(bookingId);
}

async function booking(id) {
  show("booking");
  const [detail, timeline] = await Promise.all([
    api("GET", "/internal/bookings/" + encodeURIComponent(id)),
    api("GET", "/internal/bookings/" + encodeURIComponent(id) + "/timeline"),
  ]);
  const b = detail.booking;
  const zone = detail.timeZone;
  const log = detail.saga && detail.saga.log;
  $("booking-title").textContent = "Booking " + b.id;
  const facts = $("booking-facts");
  facts.replaceChildren();
  const fact = (label, value, cls) => facts.append(el("div", { class: "card " + (cls || "") }, el("b", { text: value }), label));
  fact("status", b.status);
  fact("payment", b.payment.method + " · " + b.payment.status);
  fact("total", idr(b.pricing.total));
  fact("saga", log ? log.status + (log.needsAttention ? " · NEEDS ATTENTION" : "") : "none", log && log.needsAttention ? "attention" : "");
  facts.append(el("div", { class: "card" }, el("b", {}, when(b.createdAt, zone)), "created"));

  const actions = $("actions");
  actions.replaceChildren();
  for (const [action, label] of allowedActions(detail)) actions.append(el("button", { type: "button", onclick: () => act(b.id, action, label) , text: label }));

  const items = $("items").tBodies[0];
  items.replaceChildren();
  for (const item of b.items) {
    const step = log && log.steps.find((s) => s.id === item.id);
    const stuck = log && log.needsAttention && log.status === "COMPENSATING" && step && step.state !== "COMPENSATED" && (step.state === "SUCCEEDED" || step.mayHaveEffect) && step.compensationAttempts > 0;
    items.append(el("tr", {},
      el("td", { text: item.id }),
      el("td", { text: item.businessType }),
      el("td", { text: item.status + (step && step.lastError ? " (" + step.lastError + ")" : "") }),
      el("td", { text: item.partnerRef || "–" }),
      el("td", { text: idr(item.amount) }),
      el("td", {}, stuck ? el("button", { type: "button", onclick: () => act(b.id, "mark-compensated", "Mark compensated", item.id), text: "Mark compensated" }) : "")));
  }

  const payment = $("payment");
  payment.replaceChildren();
  payment.append(el("p", { text: "Paid " + idr(b.payment.amount) + " by " + b.payment.method + (b.payment.paidAt ? "" : " (not paid)") }));
  const refunds = [...(b.payment.refund ? [b.payment.refund] : []), ...(b.payment.partialRefunds || [])];
  if (refunds.length === 0) payment.append(el("p", { text: "No refund." }));
  for (const r of refunds) payment.append(el("p", {}, "Refund " + idr(r.amount) + (r.itemId ? " for item " + r.itemId : "") + " asked ", when(r.requestedAt, zone), r.succeededAt ? el("span", {}, ", confirmed ", when(r.succeededAt, zone)) : " (waiting for the processor)"));

  const list = $("timeline");
  list.replaceChildren();
  for (const entry of timeline.entries) {
    list.append(el("li", { class: "k-" + entry.kind }, when(entry.at, zone), el("span", { text: entry.summary }), el("span", { class: "actor", text: entry.actor })));
  }
}

async function route() {
  $("error").textContent = "";
  if (!token()) return show("sign-in");
  $("who").textContent = whoAmI();
  const match = /^#\\/bookings\\/(.+)$/.exec(location.hash);
  try {
    if (match) await booking(decodeURIComponent(match[1]));
    else await home();
  } catch (error) {
    if (error.message !== "unauthorized") $("error").textContent = error.message;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN, $("token").value.trim());
    $("token").value = "";
    route();
  });
  $("sign-out").addEventListener("click", () => signOut());
  $("search").addEventListener("submit", (event) => { event.preventDefault(); search(false).catch((e) => ($("error").textContent = e.message)); });
  $("more").addEventListener("click", () => search(true).catch((e) => ($("error").textContent = e.message)));
  window.addEventListener("hashchange", route);
  route();
});
`;
