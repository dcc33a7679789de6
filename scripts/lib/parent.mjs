// Leaving no worker behind: a process started by a runner watches that runner, and stops itself
// when it is gone. A runner killed with SIGKILL cannot stop its children (they are detached, in
// process groups of their own), so each child notices instead: its parent process id changes
// when the parent dies (it is re-parented to init or a subreaper).

/** Calls `onGone` once when the process that started this one has died. */
export function onParentExit(onGone, intervalMs = 500) {
	const parent = process.ppid;
	const timer = setInterval(() => {
		if (process.ppid === parent) return;
		clearInterval(timer);
		onGone();
	}, intervalMs);
	timer.unref();
}
