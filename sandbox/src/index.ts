import { Hono } from "hono";
import { identity } from "./identity/routes";
import type { AppEnv } from "./lib/app-env";
import { notFound, onError } from "./lib/problem";
import { paymentControls } from "./payment-processor/controls";
import { paymentPage } from "./payment-processor/page-routes";
import { paymentProcessor } from "./payment-processor/routes";
import { promoGateway } from "./promo-gateway/routes";
import { sessionManager } from "./session-manager/routes";

export { IdentityKeysDO } from "./identity/keys-do";
export { PaymentDO } from "./payment-processor/payment-do";
export { PaymentKeyDO } from "./payment-processor/payment-key-do";
export { SessionDO } from "./session-manager/session-do";

const app = new Hono<AppEnv>()
	.use(async (c, next) => {
		c.set("now", new Date());
		await next();
	})
	.get("/health", (c) => c.json({ status: "ok" }, 200))
	.route("/", identity)
	.route("/session-manager", sessionManager)
	.route("/promo-gateway", promoGateway)
	.route("/payment-processor", paymentProcessor)
	.route("/pay", paymentPage)
	.route("/", paymentControls);

app.onError(onError);
app.notFound(notFound);

export default app;
