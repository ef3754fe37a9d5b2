-- W2: add a working record to a case (a durable write).
wrk.method = "POST"
wrk.path = "/api/v1/cases/" .. os.getenv("LL_CASE_W2") .. "/records"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LL_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"call","content":"load benchmark call"}'
