import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test-support/in-process.ts";
import { defaultServerLimits } from "./server-limits.ts";

let running: TestService | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Everything the server sends until it closes the connection, and when it closed. */
async function readUntilClosed(socket: Socket): Promise<{ text: string; closedAt: number }> {
  let text = "";
  socket.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
  });
  await once(socket, "close");
  return { text, closedAt: performance.now() };
}

async function open(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  return socket;
}

describe("server limits", () => {
  it("keeps idle connections longer than a 60 s load-balancer idle timeout", () => {
    expect(defaultServerLimits.keepAliveTimeoutMs).toBeGreaterThan(60_000);
    expect(defaultServerLimits.headersTimeoutMs).toBeLessThanOrEqual(
      defaultServerLimits.requestTimeoutMs,
    );
  });

  it("announces the keep-alive timeout to clients", async () => {
    const { url } = (running = await startTestService());

    const response = await fetch(`${url}/health`);

    expect(response.headers.get("keep-alive")).toBe("timeout=65");
  });

  it("answers 408 and closes a client that sends its headers too slowly", async () => {
    running = await startTestService(
      {},
      {
        limits: {
          headersTimeoutMs: 500,
          requestTimeoutMs: 1000,
          connectionsCheckingIntervalMs: 100,
        },
      },
    );
    const socket = await open(running.service.port);
    const started = performance.now();

    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n");
    const trickle = setInterval(() => socket.write("X-Slow: 1\r\n"), 100);
    const { text, closedAt } = await readUntilClosed(socket);
    clearInterval(trickle);

    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(closedAt - started).toBeGreaterThanOrEqual(450);
    expect(closedAt - started).toBeLessThan(2000);
  });

  it("answers 431 to a header block over the limit", async () => {
    const { service } = (running = await startTestService());
    const socket = await open(service.port);

    socket.write(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    const { text } = await readUntilClosed(socket);

    expect(text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  });

  it("answers a malformed request 400 with no internals", async () => {
    const { service } = (running = await startTestService());
    const socket = await open(service.port);

    socket.write("GARBAGE\r\n\r\n");
    const { text } = await readUntilClosed(socket);

    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).not.toMatch(/at |Error|node:/);
  });

  it("still serves others while a slow client holds a connection", async () => {
    const { service, url } = (running = await startTestService());
    const slow = await open(service.port);
    slow.write("GET / HTTP/1.1\r\n");

    const response = await fetch(`${url}/health`);

    expect(response.status).toBe(200);
    slow.destroy();
  });
});
