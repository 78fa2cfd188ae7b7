import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeightedRoute } from "./router.ts";

describe("WeightedRoute", () => {
  const servers: Server[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    for (const name of ["stable", "new"]) {
      const server = createServer((_, response) => response.end(name));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      servers.push(server);
      urls.push(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function split(route: WeightedRoute, requests: number): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (let i = 0; i < requests; i++) {
      const body = await (await fetch(`${route.url}/`)).text();
      counts[body] = (counts[body] ?? 0) + 1;
    }
    return counts;
  }

  it("splits requests exactly by weight, and moves them all when the weights change", async () => {
    const route = new WeightedRoute("main");
    await route.listen();
    try {
      route.setBackends([
        { url: urls[0] as string, weight: 80 },
        { url: urls[1] as string, weight: 20 },
      ]);
      expect(await split(route, 50)).toEqual({ stable: 40, new: 10 });

      route.setBackends([{ url: urls[0] as string, weight: 100 }]);
      expect(await split(route, 10)).toEqual({ stable: 10 });
    } finally {
      await route.close();
    }
  });

  it("answers 503 without a backend and 502 when the backend is gone", async () => {
    const route = new WeightedRoute("preview");
    await route.listen();
    try {
      expect((await fetch(`${route.url}/`)).status).toBe(503);
      route.setBackends([{ url: "http://127.0.0.1:1", weight: 100 }]);
      expect((await fetch(`${route.url}/`)).status).toBe(502);
    } finally {
      await route.close();
    }
  });
});
