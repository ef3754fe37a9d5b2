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
fund_application_returned-subject = 자금 신청 { $reference }: 보정이 필요합니다
fund_application_returned-body =
    { $enterprise }의 「{ $programme }」 자금 신청 { $reference }이(가) 보정을 위해 반려되었습니다. 누락된 항목:
    { $missing }
    기업 포털에 로그인하여 신청서를 열고 누락된 항목을 보완한 후 다시 제출해 주십시오.

    다롄시 상무국
fund_application_approved-subject = 자금 신청 { $reference } 승인: { $amount }
fund_application_approved-body =
    { $enterprise }의 「{ $programme }」 자금 신청 { $reference }이(가) { $amount }(으)로 승인되었습니다.
    확인된 은행 계좌로 지급됩니다. 산정 근거와 지급 현황은 기업 포털에서 확인하십시오.

    다롄시 상무국
fund_application_refused-subject = 자금 신청 { $reference } 불승인
fund_application_refused-body =
    { $enterprise }의 「{ $programme }」 자금 신청 { $reference }이(가) 승인되지 않았습니다.
    사유: { $reason }
    기업 포털에서 확인하시거나 상무국에 문의하십시오.

    다롄시 상무국
figure-employees = 종업원 수
figure-revenue = 영업 수입
figure-paid_in_foreign_capital = 납입 외자
figure-investment = 고정자산 투자
figure-export_value = 수출액
figure-premiums_paid = 납부한 수출신용보험료
figure-market_costs = 국제시장 개척 비용
figure-training_charges = 온라인 교육 청구액
