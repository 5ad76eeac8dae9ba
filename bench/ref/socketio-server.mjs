// Reference: a Socket.IO 4 server broadcasting to a room. Clients join room "bench" on connect;
// POST /publish emits the body as event "message" to the room.
//   node ref/socketio-server.mjs <port>
import http from "node:http";
import { Server } from "socket.io";

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/publish") return res.writeHead(404).end();
  let body = "";
  req.on("data", (c) => body += c);
  req.on("end", () => {
    io.to("bench").emit("message", body);
    res.writeHead(202).end();
  });
});
const io = new Server(server, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => socket.join("bench"));
server.listen(Number(process.argv[2]), "127.0.0.1", () => console.log("socket.io ready"));
