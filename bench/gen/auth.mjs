// The credential the generators send to Switchboard: the API key the harness created for the run
// (env SWITCHBOARD_API_KEY), as X-API-Key, the cheapest scheme (a SHA-256 and a cache hit per
// request or handshake). Reference servers run without it and ignore the header anyway.
export const authHeaders = () => process.env.SWITCHBOARD_API_KEY ? { "X-API-Key": process.env.SWITCHBOARD_API_KEY } : {};
