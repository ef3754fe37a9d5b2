# 通知テンプレート（日本語）：企業・問い合わせ者向けのイベント。
question_answered-subject = お問い合わせへの回答：{ $subject }
question_answered-body =
    お問い合わせいただいた「{ $subject }」について回答いたします。

    { $answer }

    大連市商務局
designated-subject = 担当者が指定されました：{ $enterprise }
designated-body =
    { $person }が{ $enterprise }の区・県担当者に指定されました。
sign_up_code-subject = 確認コード：{ $code }
sign_up_code-body =
    確認コードは { $code } です。10分間有効です。心当たりのない場合は、このメッセージを無視してください。
invitation-subject = { $inviter }さんから{ $enterprise }への招待
invitation-body =
    { $inviter }さんが、大連市商務局のプラットフォーム「Lifeline」の{ $enterprise }のアカウントにあなたを招待しました。
    次のリンクから登録してください：{ $link }
fund_entitlement-subject = 申請不要の支給：{ $programme } { $amount }
fund_entitlement-body =
    商務局が保有するデータに基づき、{ $enterprise }は申請なしで「{ $programme }」の資金 { $amount } を受け取ることができます。
    企業ポータルにログインして算定根拠をご確認のうえ、振込先の銀行口座を確認してください。確認後に支払いが行われます。

    大連市商務局
fund_application_returned-subject = 資金申請 { $reference }：補正をお願いします
fund_application_returned-body =
    { $enterprise }の「{ $programme }」資金申請 { $reference } は補正のため差し戻されました。不足しているもの：
    { $missing }
    企業ポータルにログインして申請を開き、不足分を補って再提出してください。

    大連市商務局
fund_application_approved-subject = 資金申請 { $reference } が承認されました：{ $amount }
fund_application_approved-body =
    { $enterprise }の「{ $programme }」資金申請 { $reference } は { $amount } で承認されました。
    確認済みの銀行口座に支払われます。算定の根拠と支払状況は企業ポータルでご確認ください。

    大連市商務局
fund_application_refused-subject = 資金申請 { $reference } は不承認となりました
fund_application_refused-body =
    { $enterprise }の「{ $programme }」資金申請 { $reference } は不承認となりました。
    理由：{ $reason }
    詳細は企業ポータルでご確認いただくか、商務局までお問い合わせください。

    大連市商務局
figure-employees = 従業員数
figure-revenue = 営業収入
figure-paid_in_foreign_capital = 払込済み外資
figure-investment = 固定資産投資
figure-export_value = 輸出額
figure-premiums_paid = 支払済み輸出信用保険料
figure-market_costs = 国際市場開拓費用
figure-training_charges = オンライン研修の請求額
