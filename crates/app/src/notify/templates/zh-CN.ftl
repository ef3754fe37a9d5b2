# 通知模板（简体中文）：每个事件一个标题（-subject）和正文（-body）。
case_routed-subject = 新案件分派至{ $division }：{ $subject }
case_routed-body =
    { $division }收到一件新案件。
    企业：{ $enterprise }
    事由：{ $subject }
    请尽快安排办理。
case_assigned-subject = 案件已指派给您：{ $subject }
case_assigned-body =
    以下案件已指派给您办理。
    企业：{ $enterprise }
    事由：{ $subject }
case_escalated-subject = 案件已升级为重大事项：{ $subject }
case_escalated-body =
    以下案件已升级为重大事项，请重点跟进。
    企业：{ $enterprise }
    事由：{ $subject }
    承办处室：{ $division }
decision_due-subject = 案件跟进日期已到：{ $subject }
decision_due-body =
    以下案件的跟进日期为{ $due }，请及时作出处理。
    企业：{ $enterprise }
    事由：{ $subject }
sla_at_risk-subject = 即将超时：{ $subject }
sla_at_risk-body =
    以下案件的{ $clock ->
        [first_response] 首次响应
       *[resolution] 办结
    }时限即将到期。
    企业：{ $enterprise }
    事由：{ $subject }
sla_breached-subject = 已超时：{ $subject }
sla_breached-body =
    以下案件的{ $clock ->
        [first_response] 首次响应
       *[resolution] 办结
    }时限已过。
    企业：{ $enterprise }
    事由：{ $subject }
    承办处室：{ $division }
enterprise_replied-subject = 企业已回复：{ $subject }
enterprise_replied-body =
    { $enterprise }在案件“{ $subject }”中作出了回复。{ $status ->
        [in_progress] 案件已恢复为办理中。
       *[other] {""}
    }
question_answered-subject = 您的咨询已答复：{ $subject }
question_answered-body =
    您好！您咨询的问题“{ $subject }”已有答复：

    { $answer }

    大连市商务局
designated-subject = 企业联络人已指定：{ $enterprise }
designated-body =
    { $person }已被指定为{ $enterprise }的区县联络人。
sign_up_code-subject = 您的验证码：{ $code }
sign_up_code-body =
    您的验证码是 { $code }，10 分钟内有效。如非本人操作，请忽略本消息。
invitation-subject = { $inviter }邀请您加入{ $enterprise }
invitation-body =
    { $inviter }邀请您使用{ $enterprise }在大连市商务局“生命线”平台的账户。
    请打开以下链接完成注册：{ $link }
digest-subject = 每日工作摘要：在办 { $open } 件，逾期 { $overdue } 件
digest-body =
    您好！今日工作摘要：
    在办案件：{ $open } 件
    逾期：{ $overdue } 件
    即将超时：{ $at_risk } 件
    今日到期：{ $due_today } 件
    { $due_list }
fund_entitlement-subject = 免申即享：{ $programme } { $amount }
fund_entitlement-body =
    根据商务局已掌握的数据，{ $enterprise }无需申请即可享受“{ $programme }”资金 { $amount }。
    请登录企业服务平台查看计算依据并确认收款银行账户，确认后即安排拨付。

    大连市商务局
fund_application_returned-subject = 资金申请 { $reference } 需补正
fund_application_returned-body =
    { $enterprise }申报的“{ $programme }”资金申请 { $reference } 已退回补正，缺少：
    { $missing }
    请登录企业服务平台打开该申请，补齐后重新提交。

    大连市商务局
fund_application_approved-subject = 资金申请 { $reference } 已批准：{ $amount }
fund_application_approved-body =
    { $enterprise }申报的“{ $programme }”资金申请 { $reference } 已批准，核定金额 { $amount }。
    资金将拨付至已确认的银行账户；请登录企业服务平台查看计算依据和拨付进度。

    大连市商务局
fund_application_refused-subject = 资金申请 { $reference } 未获批准
fund_application_refused-body =
    { $enterprise }申报的“{ $programme }”资金申请 { $reference } 未获批准。
    原因：{ $reason }
    如有疑问，请登录企业服务平台查看或联系商务局。

    大连市商务局
figure-employees = 从业人数
figure-revenue = 营业收入
figure-paid_in_foreign_capital = 实缴外资
figure-investment = 固定资产投资
figure-export_value = 出口额
figure-premiums_paid = 已缴出口信用保险保费
figure-market_costs = 国际市场开拓费用
figure-training_charges = 线上培训发票金额
