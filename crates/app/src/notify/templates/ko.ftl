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
