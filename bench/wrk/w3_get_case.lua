-- W3: read one case with its timeline.
wrk.path = "/api/v1/cases/" .. os.getenv("LL_CASE_W3")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LL_TOKEN")
