import { Hono } from "hono";
import { configControls, configService } from "./config-service/routes";
import { faultControls } from "./control/routes";
import { recordTraces, traceControls } from "./control/traces";
import { docsPage } from "./docs/page";
import { docs } from "./docs/routes";
import { documents } from "./documents/routes";
import { geo } from "./geo/routes";
import { identity } from "./identity/routes";
import type { AppEnv } from "./lib/app-env";
import { notFound, onError } from "./lib/problem";
import { notifications } from "./notifications/routes";
import { partnerGateways } from "./partners/routes";
import { paymentControls } from "./payment-processor/controls";
import { paymentPage } from "./payment-processor/page-routes";
import { paymentProcessor } from "./payment-processor/routes";
import { promoGateway } from "./promo-gateway/routes";
import { sessionManager } from "./session-manager/routes";

export { ConfigDO } from "./config-service/config-do";
export { FaultsDO } from "./control/faults-do";
export { DocumentDO } from "./documents/document-do";
export { IdentityKeysDO } from "./identity/keys-do";
export { NotificationsDO } from "./notifications/notifications-do";
export { PartnerOrderDO } from "./partners/order-do";
export { PaymentDO } from "./payment-processor/payment-do";
export { SessionDO } from "./session-manager/session-do";

const app = new Hono<AppEnv>()
	.use(async (c, next) => {
		c.set("now", new Date());
		await next();
	})
	.use(recordTraces)
	.get("/health", (c) => c.json({ status: "ok" }, 200))
	.route("/", docs)
	.route("/", docsPage)
	.route("/", identity)
	.route("/session-manager", sessionManager)
	.route("/promo-gateway", promoGateway)
	.route("/payment-processor", paymentProcessor)
	.route("/pay", paymentPage)
	.route("/", paymentControls)
	.route("/partners", partnerGateways)
	.route("/notifications", notifications)
	.route("/documents", documents)
	.route("/geo", geo)
	.route("/config-service", configService)
	.route("/control", faultControls)
	.route("/control", configControls)
	.route("/control", traceControls);

app.onError(onError);
app.notFound(notFound);

export default app;
