// `node scripts/with-parent.mjs <command> [args...]`: runs a command that does not watch its
// parent itself (`wrangler dev`), and stops it when the process that started this one dies,
// so a runner killed with SIGKILL leaves nothing listening. Signals are passed on; the exit
// code is the command's.

import { spawn } from "node:child_process";
import { onParentExit } from "./lib/parent.mjs";

const [command, ...args] = process.argv.slice(2);
if (!command) {
	console.error("with-parent: a command is required");
	process.exit(2);
}
const child = spawn(command, args, { stdio: "inherit" });
const stop = (signal) => {
	if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
onParentExit(() => {
	stop("SIGTERM");
	setTimeout(() => stop("SIGKILL"), 5_000).unref();
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
