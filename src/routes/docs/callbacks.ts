/**
 * The "Callbacks and signatures" section of the API reference (Markdown, in `info.description`).
 * Its two snippets are run by the tests (test/unit/docs-signatures.test.ts and
 * test/e2e/docs.e2e.test.ts): each must print the header src/lib/signature.ts computes, and the
 * orchestrator must accept what they send.
 */

/** Signs BODY with SECRET and, when CALLBACK_URL is set, posts it there. Node 18 or later. */
export const nodeSnippet = `// SECRET: your webhook secret. BODY: the exact bytes you send. CALLBACK_URL: the callback route.
import { createHmac } from "node:crypto";

const { SECRET, BODY, CALLBACK_URL } = process.env;
const t = process.env.T ?? Math.floor(Date.now() / 1000).toString();
const v1 = createHmac("sha256", SECRET).update(\`\${t}.\${BODY}\`).digest("hex");
const signature = \`t=\${t},v1=\${v1}\`;
console.log(\`X-Signature: \${signature}\`);

if (CALLBACK_URL) {
  const answer = await fetch(CALLBACK_URL, {
    method: "POST",
    headers: { "content-type": "application/json", "x-signature": signature },
    body: BODY,
  });
  console.log(answer.status, await answer.text());
}`;

/** The same with openssl and curl. */
export const shellSnippet = `# SECRET: your webhook secret. BODY: the exact bytes you send. CALLBACK_URL: the callback route.
T=\${T:-$(date +%s)}
V1=$(printf '%s.%s' "$T" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
echo "X-Signature: t=$T,v1=$V1"

if [ -n "$CALLBACK_URL" ]; then
  curl -sS -X POST "$CALLBACK_URL" -H 'content-type: application/json' \\
    -H "X-Signature: t=$T,v1=$V1" --data-binary "$BODY" -w ' %{http_code}\\n'
fi`;

const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

export const callbacksGuide = `## Callbacks and signatures

The payment processor, the partners and the document generator tell the orchestrator what happened by calling it back:

| Caller | Route | Secret it signs with |
| --- | --- | --- |
| Payment processor | \`POST /v1/callbacks/payment\` | \`PAYMENT_WEBHOOK_SECRET\` |
| Partner (TAXI, RENT, DELIVERY, SHUTTLE) | \`POST /v1/callbacks/order-items\` | its own: \`TAXI_PARTNER_WEBHOOK_SECRET\`, \`RENT_…\`, \`DELIVERY_…\`, \`SHUTTLE_PARTNER_WEBHOOK_SECRET\` |
| Document generator | \`POST /v1/callbacks/receipt\` | \`DOCUMENT_WEBHOOK_SECRET\` |

A partner's callback is checked with the secret of the partner its \`businessType\` names, so no partner can speak for another one's orders.

### Signing a callback

Every callback carries one header:

\`\`\`
X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
\`\`\`

- \`t\` is the time of signing in Unix seconds; the signed message is \`t\`, a dot, and the body **byte for byte as sent** (sign the string you send, never a re-serialized copy).
- \`v1\` is the lowercase hex HMAC-SHA256 of that message with your secret. The header may carry several \`v1=\` values (\`t=…,v1=<new>,v1=<old>\`) while you rotate your own key; any one that matches passes.
- The orchestrator may hold two values of a secret while it rotates it (\`new,old\`): both verify until the old one is dropped, so a rotation never rejects a callback in flight.

Node (18 or later), run with \`SECRET\`, \`BODY\` and optionally \`CALLBACK_URL\` in the environment:

${fence("js", nodeSnippet)}

Shell, with \`openssl\` (and \`curl\` to send it):

${fence("sh", shellSnippet)}

### Tolerance

A signature whose \`t\` is more than **300 seconds** away from the orchestrator's clock, in either direction, is refused with 401 \`SIGNATURE_INVALID\` ("outside the 300 s tolerance"), as is a missing, malformed or non-matching one. Sign every attempt when you send it: a retry re-signs the same body with a fresh \`t\`.

### Retries and idempotency

- Every event has an \`id\`; a redelivery repeats the same \`id\` and body. The orchestrator applies an event once: a duplicate answers **200** with \`"duplicate": true\` and \`"changed": false\` and changes nothing (a repeated receipt callback answers 200 \`{"received": true}\`). Events that arrive out of order never move a booking backwards.
- Retry, with backoff and the same event \`id\`, on a network error or timeout, on **429** (after \`Retry-After\`) and on any **5xx**. Keep retrying for as long as the event matters: a 200 is the only acknowledgement.
- Do not retry a **4xx** other than 429 unchanged: 400 \`VALIDATION_FAILED\`, \`AMOUNT_MISMATCH\` or \`PAYMENT_MISMATCH\` (the body is wrong), 401 \`SIGNATURE_INVALID\` (wrong secret or clock: fix it, then send again), 404 \`BOOKING_NOT_FOUND\` or \`ITEM_NOT_FOUND\`, 409 \`CALLBACK_MISMATCH\` (the callback names a partner, \`partnerRef\` or item that is not that booking's own) or \`RECEIPT_NOT_REQUESTED\` are final answers about that event.
- Answers are quick: the orchestrator records the event and acknowledges; what follows (booking, notifications, refunds) happens after the answer.
`;
