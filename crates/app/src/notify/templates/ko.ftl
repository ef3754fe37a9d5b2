# 알림 템플릿(한국어): 기업과 문의자에게 보내는 이벤트.
question_answered-subject = 문의하신 내용에 답변이 등록되었습니다: { $subject }
question_answered-body =
    문의하신 "{ $subject }"에 대한 답변입니다.

    { $answer }

    다롄시 상무국
designated-subject = 담당자가 지정되었습니다: { $enterprise }
designated-body =
    { $person }님이 { $enterprise }의 구·현 담당자로 지정되었습니다.
sign_up_code-subject = 인증 코드: { $code }
sign_up_code-body =
    인증 코드는 { $code }입니다. 10분간 유효합니다. 요청하지 않으셨다면 이 메시지를 무시하세요.
invitation-subject = { $inviter }님이 { $enterprise }에 초대했습니다
invitation-body =
    { $inviter }님이 다롄시 상무국 플랫폼 Lifeline의 { $enterprise } 계정에 초대했습니다.
    다음 링크에서 가입하세요: { $link }
fund_entitlement-subject = 신청 없이 지급: { $programme } { $amount }
fund_entitlement-body =
    상무국이 보유한 자료에 따라 { $enterprise }은(는) 신청 없이 「{ $programme }」 자금 { $amount }을(를) 받을 수 있습니다.
    기업 포털에 로그인하여 산정 근거를 확인하고 입금받을 은행 계좌를 확인해 주십시오. 확인 후 지급됩니다.

    대련시 상무국
