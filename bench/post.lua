-- wrk script: POST a ~200-byte JSON document.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"A benchmark document of about two hundred bytes","done":false,"priority":3,"tags":["bench","reference"],"note":"posted by wrk to measure durable creates"}'
