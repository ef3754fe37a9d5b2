### 措施二（后台）：资金项目、规则、决定和模拟测算。

nav-funds = 资金项目
fund-programmes-title = 资金项目（措施二）
fund-programmes-intro = 每个项目及其在《工作分工表》中的事项、政策依据、本年度预算和拨付方式。由负责该事项的处室编辑。
fund-programmes-count = 共 { $n } 个项目
fund-total-budget = 预算合计：
fund-programme = 项目
fund-item = 事项
fund-status = 状态
fund-published = 已发布
fund-unpublished = 未发布
