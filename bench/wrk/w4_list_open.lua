-- W4: list 50 open cases (with the scoped total) over a store of 100,000 cases.
wrk.path = "/api/v1/cases?status=open&limit=50"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LL_TOKEN")
