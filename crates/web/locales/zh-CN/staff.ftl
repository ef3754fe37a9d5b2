### 工作人员界面的导航与共用文字（仅简体中文和英文）。

nav-measures = 十项措施
nav-home = 每日工作台
nav-admin = 系统管理
nav-users = 账户管理
nav-audit = 审计日志
nav-jobs = 后台任务
field-initial-password = 初始密码
hint-division = 处长和处室工作人员必填。
hint-district = 六位 GB/T 2260 行政区划代码；区级联系领导必填。
hint-enterprise = 18 位统一社会信用代码；企业用户必填。
hint-password = 至少 12 个字符，建议使用一句好记的短语。
your-role = 您的角色
col-code = 代码
col-name = 名称
col-scope = 范围
col-actions = 操作
col-time = 时间
col-actor = 操作人
col-action = 操作
col-object = 对象
col-from = 来源地址
next-page = 下一页
filter = 筛选
portal-intro = 贵企业可通过本门户依据十项帮扶措施向商务局寻求帮助，并跟踪办理答复。
portal-measures = 商务局提供的帮扶
nav-organisation = 组织机构
nav-work-distribution = 任务分工表
nav-working-group = 工作专班
nav-directory = 通讯录
export-csv = 导出 CSV
export-xlsx = 导出 XLSX
nav-enterprises = 企业台账
nav-dashboard = 区县看板
nav-consulting = 咨询服务台

## 处长在 /account 上的值班安排
duty-title = 值班安排
duty-note = 本处室的新案件会通知您和值班人员；无人值班时，通知本处室全体工作人员。
duty-state = 值班状态
duty-change = 调整
duty-on = 值班中
duty-off = 未值班
duty-put-on = 安排值班
duty-take-off = 取消值班
duty-none = 本处室暂无工作人员。
