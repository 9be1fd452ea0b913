import net, { type AddressInfo } from "node:net";

export type SilentPeer = { port: number; close(): Promise<void> };

/**
 * A peer that accepts connections on 127.0.0.1 and never says a word: a blackholed smarthost, met only by the
 * greeting timeout. `close` drops the connections it holds and stops listening.
 */
export async function startSilentPeer(): Promise<SilentPeer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
