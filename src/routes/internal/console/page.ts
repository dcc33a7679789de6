/**
 * The operator console's static shell: no data, no token, nothing from a CDN. It loads
 * console.css and console.js from this worker; every data call the script makes carries the
 * operator's token (pasted locally and kept in sessionStorage; in production Cloudflare Access
 * sits in front of /internal/*).
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Order Orchestrator · Operations</title>
<link rel="stylesheet" href="/internal/console.css">
<script src="/internal/console.js" defer></script>
</head>
<body>
<header>
  <h1><a href="#/">Operations</a></h1>
  <span id="who" aria-live="polite"></span>
  <button type="button" id="sign-out" hidden>Sign out</button>
</header>
<main>
  <section id="sign-in" hidden>
    <h2>Sign in</h2>
    <form id="sign-in-form">
      <label for="token">Operator token</label>
      <input id="token" name="token" type="password" autocomplete="off" required>
      <button type="submit">Sign in</button>
      <p class="hint">Locally: <code>curl -s -X POST http://127.0.0.1:8001/auth/token -H 'content-type: application/json' -d '{"sub":"op_ana","role":"operator"}'</code></p>
      <p id="sign-in-error" class="error" role="alert"></p>
    </form>
  </section>
  <section id="home" hidden>
    <h2>Summary</h2>
    <div id="summary" class="cards"></div>
    <h2>Bookings</h2>
    <form id="search">
      <label>Status <select name="status"><option value="">any</option><option>CREATED</option><option>ACTIVE</option><option>COMPLETED</option><option>FAILED</option><option>CANCELED</option></select></label>
      <label><input type="checkbox" name="attention" value="true"> Needs attention</label>
      <label>Booking id or payment reference <input name="q" size="24"></label>
      <label>Customer <input name="customerId" size="14"></label>
      <label>Method <select name="paymentMethod"><option value="">any</option><option>CASH</option><option>CREDIT_CARD</option><option>LINKAJA</option><option>DANA</option><option>ISAKU</option><option>GOPAY</option><option>SHOPEEPAY</option><option>OVO</option><option>ECV</option><option>NICEPAY</option></select></label>
      <label>Business <select name="businessType"><option value="">any</option><option>TAXI</option><option>RENT</option><option>DELIVERY</option><option>SHUTTLE</option></select></label>
      <label>Partner ref <input name="partnerRef" size="18"></label>
      <label>Created from <input name="from" type="date"></label>
      <label>Created to <input name="to" type="date"></label>
      <button type="submit">Search</button>
    </form>
    <table id="results"><thead><tr><th>Booking</th><th>Status</th><th>Payment</th><th>Total</th><th>Saga</th><th>Attention</th><th>Created</th></tr></thead><tbody></tbody></table>
    <button type="button" id="more" hidden>Next page</button>
    <h2>Dead events</h2>
    <table id="dead"><thead><tr><th>Event</th><th>Booking</th><th>Attempts</th><th>Last error</th><th>Died</th><th>Replayed</th><th></th></tr></thead><tbody></tbody></table>
  </section>
  <section id="booking" hidden>
    <p><a href="#/">← Back to the search</a></p>
    <h2 id="booking-title"></h2>
    <div id="booking-facts" class="cards"></div>
    <h3>Actions</h3>
    <div id="actions"></div>
    <h3>Items</h3>
    <table id="items"><thead><tr><th>Item</th><th>Type</th><th>Status</th><th>Partner ref</th><th>Amount</th><th></th></tr></thead><tbody></tbody></table>
    <h3>Payment and refunds</h3>
    <div id="payment"></div>
    <h3>Timeline</h3>
    <ol id="timeline"></ol>
  </section>
  <p id="error" class="error" role="alert"></p>
</main>
<dialog id="confirm">
  <form method="dialog" id="confirm-form">
    <h3 id="confirm-title"></h3>
    <p id="confirm-text"></p>
    <label for="reason">Reason</label>
    <label for="amount" id="amount-label" hidden>Amount (IDR)</label>
    <input id="amount" name="amount" type="number" min="1" step="1" hidden>
    <textarea id="reason" name="reason" rows="3" minlength="5" required></textarea>
    <p id="confirm-error" class="error" role="alert"></p>
    <menu><button value="cancel" type="button" id="confirm-cancel">Cancel</button> <button value="ok" id="confirm-ok">Confirm</button></menu>
  </form>
</dialog>
</body>
</html>`;

export const CONSOLE_CSS = `
:root { font-family: system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #13315c; color: #fff; }
header a { color: #fff; text-decoration: none; }
header h1 { font-size: 1.2rem; margin: 0; flex: 1; }
main { padding: 1rem 1.2rem; max-width: 1200px; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; }
.card { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: .5rem .8rem; min-width: 8rem; }
.card b { display: block; font-size: 1.3rem; }
form#search { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin-bottom: .8rem; }
label { display: inline-flex; flex-direction: column; font-size: .85rem; gap: .2rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e7ec; font-size: .9rem; }
.attention { color: #a4161a; font-weight: 600; }
.error { color: #a4161a; }
.hint { font-size: .8rem; color: #57606a; }
#timeline { list-style: none; padding: 0; }
#timeline li { background: #fff; border-left: 4px solid #8aa1c1; margin: .3rem 0; padding: .4rem .6rem; }
#timeline li.k-operator { border-color: #6a4c93; }
#timeline li.k-webhook { border-color: #1982c4; }
#timeline li.k-saga\\.step, #timeline li.k-saga\\.compensation { border-color: #ff924c; }
#timeline li.k-refund { border-color: #8ac926; }
#timeline time { color: #57606a; font-size: .8rem; margin-right: .6rem; }
#timeline .actor { font-size: .8rem; color: #57606a; margin-left: .5rem; }
#actions button, #items button { margin-right: .4rem; }
dialog { max-width: 32rem; width: 90%; }
dialog textarea { width: 100%; }
`;
