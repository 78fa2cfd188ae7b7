import { createServer } from "node:http";

/**
 * The baseline: a bare node:http server answering every request with the same JSON, bytes and
 * headers as the service's `GET /`, and nothing else: no routing, metrics or logs.
 */
const body = Buffer.from(
  JSON.stringify({
    message: "hello from demo-app",
    version: process.env.VERSION ?? "0.0.0-dev",
    color: process.env.COLOR ?? "blue",
  }),
);
const headers = {
  "content-type": "application/json; charset=utf-8",
  "content-length": body.length,
};

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 8081), process.env.HOST);

process.on("SIGTERM", () => process.exit(0));
