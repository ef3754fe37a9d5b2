-- Inquiry search: one and two two-character words, in turn.
local queries = {"口罩", "通关 物流", "退税", "社保 工资", "许可 进口", "港口", "隔离 检测", "原料 产能"}
local n = 0
function request()
  n = n + 1
  local q = queries[(n - 1) % #queries + 1]
  local enc = q:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end)
  return wrk.format("GET", "/api/v1/inquiries?q=" .. enc .. "&limit=50", {["Authorization"] = "Bearer " .. os.getenv("LL_TOKEN")})
end
