// Idle connections (loopback only): opens WebSocket connections to a server in steps and holds them.
// After each step it prints {"open": n} and waits for a line on stdin (the harness measures the
// server's memory meanwhile); at end of input it closes everything.
//   node gen/idle.mjs --target switchboard|raw|socketio|ws --url http://127.0.0.1:8080 --steps 1000,5000,10000
//        [--key sbk_...]
// Switchboard's handshakes carry header X-API-Key with the key from --key or env SWITCHBOARD_API_KEY
// (none when unset, and never to the reference servers).
import readline from "node:readline";
import WebSocket from "ws";
import { io } from "socket.io-client";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const target = args.target ?? "switchboard";
const base = args.url ?? "http://127.0.0.1:8080";
const steps = (args.steps ?? "1000,5000,10000").split(",").map(Number);
const key = target === "switchboard" ? args.key ?? process.env.SWITCHBOARD_API_KEY : undefined;
if (!/^http:\/\/127\./.test(base)) throw new Error("loopback targets only");

function open() {
  if (target === "socketio") {
    return new Promise((resolve, reject) => {
      const socket = io(base, { transports: ["websocket"], forceNew: true, reconnection: false });
      socket.on("connect", () => resolve(socket));
      socket.on("connect_error", reject);
    });
  }
  const switchboard = target === "switchboard";
  const ws = new WebSocket(base.replace(/^http/, "ws") + (switchboard ? "/realtime/ws" : "/ws"),
    switchboard ? "switchboard.v1" : undefined, { perMessageDeflate: false, headers: key ? { "X-API-Key": key } : {} });
  return new Promise((resolve, reject) => {
    ws.on("open", () => resolve(ws));
    ws.on("error", reject);
  });
}

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const sockets = [];
for (const step of steps) {
  while (sockets.length < step) {
    sockets.push(...await Promise.all(Array.from({ length: Math.min(200, step - sockets.length) }, open)));
  }
  console.log(JSON.stringify({ open: sockets.length }));
  if ((await lines.next()).done) break;
}
sockets.forEach((s) => s.close ? s.close() : s.disconnect());
process.exit(0);
