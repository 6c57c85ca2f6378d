/**
 * A TCP proxy on 127.0.0.1 that can "cut the network" the way a dead link does: while cut,
 * every connection (open or new) is a black hole — bytes are swallowed, nothing is closed,
 * nothing answers. After `restore()`, new connections are forwarded again; the black-holed
 * ones stay dead (as half-open TCP connections do after a long outage).
 */
import { createServer, connect, type Socket } from "node:net";
import { once } from "node:events";

export interface CuttableProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  let cut = false;
  const sockets = new Set<Socket>();
  const holes = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  const blackhole = (s: Socket) => {
    holes.add(s);
    s.removeAllListeners("data");
    s.unpipe();
    s.on("data", () => {});
  };
  const server = createServer((client) => {
    track(client);
    if (cut) return blackhole(client);
    const upstream = connect(targetPort, "127.0.0.1");
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    cut() {
      cut = true;
      for (const s of sockets) if (!holes.has(s)) blackhole(s);
    },
    restore() {
      cut = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
