import net, { type AddressInfo } from "node:net";

export type RawPeer = { port: number; lines: string[]; close(): Promise<void> };

/**
 * A bare TCP peer for behaviour the scripted server does not offer: it greets, then hands every line received to
 * `answer`, which returns the raw reply bytes to send ("" sends nothing). For one-off misbehaviour in a test.
 */
export async function startRawSmtpPeer(answer: (line: string) => string, greeting = "220 raw.test ESMTP\r\n"): Promise<RawPeer> {
  const lines: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.write(greeting);
    let buffered = "";
    let inData = false;
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      for (let index = buffered.indexOf("\r\n"); index !== -1; index = buffered.indexOf("\r\n")) {
        const line = buffered.slice(0, index);
        buffered = buffered.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            socket.write(answer("."));
          }
          continue;
        }
        lines.push(line);
        const reply = answer(line);
        if (reply.startsWith("354")) inData = true;
        if (reply) socket.write(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    lines,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
