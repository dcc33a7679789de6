import { createApp } from "./app";

export { CartDO } from "./durable/cart";

export default createApp() satisfies ExportedHandler<Env>;
