import { formatMs } from "./durations.ts";
import type { RehearsalEvent } from "./events.ts";

/**
 * Prints events as they happen: one line each, and in a terminal a status line under them that
 * is redrawn in place (step, weight, elapsed time, last measurement).
 */
export class ProgressPrinter {
  private readonly stream: NodeJS.WritableStream;
  private readonly live: boolean;
  private status = { step: "starting", weight: 0, last: "" };
  private startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(stream: NodeJS.WritableStream, live: boolean) {
    this.stream = stream;
    this.live = live;
    if (live) {
      this.timer = setInterval(() => this.redraw(), 250);
      this.timer.unref();
    }
  }

  print(event: RehearsalEvent): void {
    this.startedAt = Date.now() - event.at;
    this.track(event);
    if (event.type === "verdict") {
      clearInterval(this.timer);
    }
    const line = formatEvent(event);
    if (line === undefined) {
      return;
    }
    if (this.live) {
      this.stream.write(`\r\x1b[2K${line}\n`);
      this.redraw();
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  close(): void {
    clearInterval(this.timer);
    if (this.live) {
      this.stream.write("\r\x1b[2K");
    }
  }

  private track(event: RehearsalEvent): void {
    if (event.type === "step") {
      this.status.step = event.description;
    } else if (event.type === "traffic") {
      this.status.weight = event.newWeight;
    } else if (event.type === "measurement") {
      this.status.last = `${event.metric} ${event.value || "error"} ${event.phase}`;
    }
  }

  private redraw(): void {
    const elapsed = formatMs(Date.now() - this.startedAt);
    const { step, weight, last } = this.status;
    const tail = last ? ` · ${last}` : "";
    this.stream.write(
      `\r\x1b[2K\x1b[2m${elapsed} · ${step} · new revision ${weight}%${tail}\x1b[0m`,
    );
  }
}

/** One line for an event, or undefined for events that only feed the report. */
export function formatEvent(event: RehearsalEvent): string | undefined {
  const time = `${(event.at / 1000).toFixed(1)}s`.padStart(7);
  const line = (kind: string, text: string) => `${time} ${kind.padEnd(9)} ${text}`;
  switch (event.type) {
    case "setup":
      return line("setup", event.message);
    case "note":
      return line("note", event.message);
    case "step":
      return line("step", event.description);
    case "traffic":
      return line(
        "traffic",
        `new revision ${event.newWeight}% of traffic` +
          `${event.previewToNew ? ", preview → new" : ""}`,
      );
    case "pause":
      return line("pause", event.message);
    case "analysis-start":
      return line(
        "analysis",
        `${event.run} started: ${event.templates.join(", ")} (${Object.entries(event.args)
          .map(([key, value]) => `${key}=${value}`)
          .join(", ")})`,
      );
    case "measurement":
      return line(
        "measure",
        `${event.run}/${event.metric} = ${event.value || "-"} ${event.phase}` +
          `${event.dryRun ? " (dry run)" : ""}` +
          `${event.phase === "Error" ? `: ${event.message}` : ""}`,
      );
    case "analysis-end":
      return line(
        "analysis",
        `${event.run} ${event.phase}${event.message ? `: ${event.message}` : ""}`,
      );
    case "child-exit":
      return line(
        "exit",
        `${event.name} exited (${event.signal ?? `code ${event.code}`}): ${event.output}`,
      );
    case "verdict":
      return line(
        "verdict",
        `${event.verdict.outcome} ${event.verdict.where}: ${event.verdict.reason}`,
      );
  }
}
