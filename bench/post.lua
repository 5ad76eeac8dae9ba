-- wrk script: POST a ~200-byte JSON document. It adds to wrk.headers, so the headers given with
-- wrk -H (the harness's X-API-Key for Switchboard) are sent too.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"A benchmark document of about two hundred bytes","done":false,"priority":3,"tags":["bench","reference"],"note":"posted by wrk to measure durable creates"}'
