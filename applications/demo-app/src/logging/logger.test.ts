import { afterEach, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test-support/in-process.ts";

let running: TestService | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("logs", () => {
  it("writes JSON lines with no line per request at the default level", async () => {
    const { url, logs } = (running = await startTestService());

    for (let i = 0; i < 20; i++) {
      await fetch(`${url}/`);
    }
    await fetch(`${url}/missing`);

    expect(logs.map((entry) => entry.msg)).toEqual(["ready"]);
    expect(logs[0]).toMatchObject({ level: "info", service: "demo-app", time: expect.any(String) });
  });

  it("writes one line per request at debug, with its route template and status", async () => {
    const { url, logs } = (running = await startTestService({ LOG_LEVEL: "debug" }));

    await fetch(`${url}/version?x=1`);
    await fetch(`${url}/anything/else`);

    expect(logs.filter((entry) => entry.msg === "request")).toEqual([
      expect.objectContaining({ method: "GET", route: "/version", status: 200 }),
      expect.objectContaining({ method: "GET", route: "unmatched", status: 404 }),
    ]);
  });
});
