export { defaultReportDir, rehearseCommand } from "./command.ts";
export { exitCodeOf, type Outcome, type RehearsalEvent, type Verdict } from "./events.ts";
export { type RehearsalResult, type RehearseOptions, rehearse } from "./rehearse.ts";
