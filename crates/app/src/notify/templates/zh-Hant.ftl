# 通知範本（繁體中文）：發給企業與諮詢者的事件。
question_answered-subject = 您的諮詢已答覆：{ $subject }
question_answered-body =
    您好！您諮詢的問題「{ $subject }」已有答覆：

    { $answer }

    大連市商務局
designated-subject = 企業聯絡人已指定：{ $enterprise }
designated-body =
    { $person }已被指定為{ $enterprise }的區縣聯絡人。
sign_up_code-subject = 您的驗證碼：{ $code }
sign_up_code-body =
    您的驗證碼是 { $code }，10 分鐘內有效。如非本人操作，請忽略本訊息。
invitation-subject = { $inviter }邀請您加入{ $enterprise }
invitation-body =
    { $inviter }邀請您使用{ $enterprise }在大連市商務局「生命線」平台的帳戶。
    請開啟以下連結完成註冊：{ $link }
fund_entitlement-subject = 免申即享：{ $programme } { $amount }
fund_entitlement-body =
    根據商務局已掌握的數據，{ $enterprise }無需申請即可享受「{ $programme }」資金 { $amount }。
    請登入企業服務平台查看計算依據並確認收款銀行帳戶，確認後即安排撥付。

    大連市商務局
fund_application_returned-subject = 資金申請 { $reference } 需補正
fund_application_returned-body =
    { $enterprise }申報的「{ $programme }」資金申請 { $reference } 已退回補正，缺少：
    { $missing }
    請登入企業服務平台開啟該申請，補齊後重新提交。

    大連市商務局
fund_application_approved-subject = 資金申請 { $reference } 已核准：{ $amount }
fund_application_approved-body =
    { $enterprise }申報的「{ $programme }」資金申請 { $reference } 已核准，核定金額 { $amount }。
    資金將撥付至已確認的銀行帳戶；請登入企業服務平台查看計算依據和撥付進度。

    大連市商務局
fund_application_refused-subject = 資金申請 { $reference } 未獲核准
fund_application_refused-body =
    { $enterprise }申報的「{ $programme }」資金申請 { $reference } 未獲核准。
    原因：{ $reason }
    如有疑問，請登入企業服務平台查看或聯絡商務局。

    大連市商務局
figure-employees = 從業人數
figure-revenue = 營業收入
figure-paid_in_foreign_capital = 實繳外資
figure-investment = 固定資產投資
figure-export_value = 出口額
figure-premiums_paid = 已繳出口信用保險保費
figure-market_costs = 國際市場開拓費用
figure-training_charges = 線上培訓發票金額
