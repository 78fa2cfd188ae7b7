import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { terminate } from "./terminate.ts";

/** A Node process that prints "up" once its TERM handler (if any) is installed. */
function start(script: string) {
  const child = spawn(process.execPath, ["-e", `${script}; console.log("up")`], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const exited = once(child, "exit").then(([code, signal]) => ({ code, signal }));
  const up = once(child.stdout, "data");
  return { child, exited, up };
}

describe("terminate", () => {
  it("lets a process that honours TERM exit on it", async () => {
    const { child, exited, up } = start("setInterval(() => {}, 1000)");
    await up;

    await terminate(child, exited, 5_000);

    expect(await exited).toEqual({ code: null, signal: "SIGTERM" });
  });

  it("kills a process that ignores TERM once the grace period is over", async () => {
    const { child, exited, up } = start(
      "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)",
    );
    await up;

    await terminate(child, exited, 200);

    expect(await exited).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("returns at once for a process that has already exited", async () => {
    const { child, exited } = start("process.exit(3)");
    await exited;

    await terminate(child, exited, 5_000);

    expect(await exited).toEqual({ code: 3, signal: null });
  });
});
