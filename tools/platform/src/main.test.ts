import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "./main.ts";

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const read = (stream: PassThrough) => () => stream.read()?.toString() ?? "";
  return {
    io: { stdout, stderr, cwd: process.cwd(), env: {} },
    out: read(stdout),
    err: read(stderr),
  };
}

describe("platform", () => {
  it("prints its version and exits 0", async () => {
    const { io, out } = capture();
    expect(await run(["--version"], io)).toBe(0);
    expect(out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("prints help naming the program and exits 0", async () => {
    const { io, out } = capture();
    expect(await run(["--help"], io)).toBe(0);
    expect(out()).toContain("Usage: platform");
  });

  it("rejects an unknown command with exit code 2", async () => {
    const { io, err } = capture();
    expect(await run(["no-such-command"], io)).toBe(2);
    expect(err()).toContain("no-such-command");
  });
});
