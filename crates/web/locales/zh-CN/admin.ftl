### 系统管理：账户与审计记录。

users-title = 账户管理
users-count = 您可查看的账户共 { $n } 个
users-new = 新建账户
users-create = 创建账户
users-created = 账户 { $email } 已创建。
users-disabled = 账户 { $email } 已停用，其会话已全部结束。
users-disable = 停用
audit-title = 审计日志
audit-intro = 记录每一次变更的操作人、时间和来源。日志逐条链接，任何事后修改都会被发现。
audit-object-type = 对象类型
audit-verify = 校验日志链
audit-verified = 日志链完整：已校验 { $n } 条。
audit-broken = 日志链在第 { $seq } 条处断裂：
audit-count = 共 { $n } 条
