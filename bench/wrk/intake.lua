-- Signed webhook intake: each thread posts its own file of pre-signed, unique messages.
local counter = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function init(args)
  lines = {}
  local f = assert(io.open(os.getenv("LL_BODIES") .. tid .. ".txt"))
  for line in f:lines() do lines[#lines + 1] = line end
  f:close()
  path = "/hooks/messaging/" .. os.getenv("LL_GROUP")
end
function request()
  counter = counter + 1
  local line = lines[(counter - 1) % #lines + 1]
  local sig, body = line:match("^(%S+)\t(.*)$")
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["X-Lifeline-Signature"] = sig}, body)
end
