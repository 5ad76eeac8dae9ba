// Reference: a plain Node "ws" broadcast server. POST /publish sends the body to every client of /ws.
//   node ref/ws-server.mjs <port>
import http from "node:http";
import { WebSocketServer } from "ws";

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/publish") return res.writeHead(404).end();
  let body = "";
  req.on("data", (c) => body += c);
  req.on("end", () => {
    for (const client of wss.clients) if (client.readyState === 1) client.send(body);
    res.writeHead(202).end();
  });
});
const wss = new WebSocketServer({ server, path: "/ws" });
server.listen(Number(process.argv[2]), "127.0.0.1", () => console.log("ws ready"));
