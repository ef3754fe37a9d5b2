-- W1: open a difficulty case (a durable write: case, timeline event, audit entry).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LL_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"difficulty","enterprise":"' .. os.getenv("LL_USCC") .. '","subject":"bench","body":"load benchmark case","category":"logistics","channel":"api"}'
