-- FAQ search: two-character and word queries in four languages, in turn.
local queries = {"口罩", "出口", "补贴", "通关", "マスク", "輸出", "마스크", "수출", "mask", "subsidy", "customs", "保费补贴"}
local n = 0
function request()
  n = n + 1
  local q = queries[(n - 1) % #queries + 1]
  local enc = q:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end)
  return wrk.format("GET", "/api/v1/faq?q=" .. enc .. "&lang=zh-CN")
end
