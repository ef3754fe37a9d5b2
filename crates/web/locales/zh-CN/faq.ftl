### 措施三：问答（FAQ）公开页面与编辑。

faq-question = 问题
faq-status-draft = 草稿
faq-status-scheduled = 定时发布
faq-status-published = 已发布
faq-status-archived = 已归档
faq-edit-title = 常见问题条目
faq-new = 新建常见问题
faq-scheduled-at = 将于 { $at } 发布。
faq-from-case = 草拟自咨询
faq-answer = 解答
faq-measure = 措施（1–10）
faq-tags = 标签（以逗号分隔）
faq-note = 修改说明
faq-note-hint = 例如：补贴比例提高到80%
faq-save-version = 保存为新版本
faq-save-draft = 保存草稿
faq-publication = 发布
faq-publish-at = 定时发布（留空即立即发布）
faq-publish = 发布
faq-unpublish = 撤回为草稿
faq-archive = 归档
faq-history = 版本
faq-diff = 查看修改
faq-changes = v{ $from } 到 v{ $to } 的修改
faq-draft-from-case = 用此答复草拟常见问题
