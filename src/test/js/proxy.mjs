// A small hostile TCP proxy between the client under test and the real server. It can refuse
// WebSocket upgrades (403), hang them (never answer), buffer streaming responses until the server
// closes them (as a buffering proxy does), cut every connection, and refuse new ones.
import net from "node:net";

const UPGRADE = /^upgrade:\s*websocket/im;
const SSE_REQUEST = /^GET [^ ]*\/realtime\/sse/m;

export class HostileProxy {
  /** "pass" | "refuse" | "hang" | "buffer" — what happens to WebSocket upgrades. */
  ws = "pass";
  /** "pass" | "buffer" — what happens to SSE responses. */
  sse = "pass";
  /** While true, new connections are closed at once (the server looks down). */
  down = false;
  /** Upgrades seen, by outcome, for the tests to assert on. */
  upgrades = { pass: 0, refuse: 0, hang: 0, buffer: 0 };
  #sockets = new Set();
  #server;

  /** @param {URL} target */
  constructor(target) {
    this.target = target;
    this.#server = net.createServer(client => this.#accept(client));
  }

  async start() {
    await new Promise(resolve => this.#server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${this.#server.address().port}`;
    return this;
  }

  /** Destroys every open connection, as a network drop would. */
  cut() {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  async stop() {
    this.cut();
    await new Promise(resolve => this.#server.close(resolve));
  }

  #track(socket) {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  }

  #accept(client) {
    this.#track(client);
    if (this.down) {
      client.destroy();
      return;
    }
    let upstream = null;
    let buffering = false;
    const held = [];
    client.on("data", chunk => {
      const text = chunk.toString("latin1");
      if (!upstream && UPGRADE.test(text)) {
        this.upgrades[this.ws]++;
        if (this.ws === "refuse") {
          client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
          return;
        }
        if (this.ws === "hang") return; // Swallow the handshake; answer nothing, ever.
        if (this.ws === "buffer") buffering = true;
      }
      if (this.sse === "buffer" && SSE_REQUEST.test(text)) buffering = true;
      if (!upstream) {
        upstream = net.connect(Number(this.target.port), this.target.hostname);
        this.#track(upstream);
        upstream.on("data", data => (buffering ? held.push(data) : client.write(data)));
        upstream.on("close", () => {
          if (held.length && !client.destroyed) client.write(Buffer.concat(held.splice(0)));
          client.end();
        });
        client.on("close", () => upstream.destroy());
      }
      upstream.write(chunk);
    });
  }
}
