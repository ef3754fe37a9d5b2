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
