# Notification templates (English): a subject (-subject) and a body (-body) per event.
case_routed-subject = New case for the { $division }: { $subject }
case_routed-body =
    A new case has been routed to the { $division }.
    Enterprise: { $enterprise }
    Subject: { $subject }
    Please see that it is handled.
case_assigned-subject = Case assigned to you: { $subject }
case_assigned-body =
    This case has been assigned to you.
    Enterprise: { $enterprise }
    Subject: { $subject }
case_escalated-subject = Case escalated: { $subject }
case_escalated-body =
    This case has been escalated as significant; please follow it closely.
    Enterprise: { $enterprise }
    Subject: { $subject }
    Division: { $division }
decision_due-subject = Follow-up date reached: { $subject }
decision_due-body =
    This case's follow-up date is { $due }; a decision is due.
    Enterprise: { $enterprise }
    Subject: { $subject }
sla_at_risk-subject = At risk of missing its deadline: { $subject }
sla_at_risk-body =
    The { $clock ->
        [first_response] first-response
       *[resolution] resolution
    } deadline of this case is close.
    Enterprise: { $enterprise }
    Subject: { $subject }
sla_breached-subject = Deadline missed: { $subject }
sla_breached-body =
    The { $clock ->
        [first_response] first-response
       *[resolution] resolution
    } deadline of this case has passed.
    Enterprise: { $enterprise }
    Subject: { $subject }
    Division: { $division }
enterprise_replied-subject = The enterprise replied: { $subject }
enterprise_replied-body =
    { $enterprise } replied on the case "{ $subject }".{ $status ->
        [in_progress] {" "}The case is back in progress.
       *[other] {""}
    }
question_answered-subject = Your question has been answered: { $subject }
question_answered-body =
    Hello, your question "{ $subject }" has been answered:

    { $answer }

    Dalian Municipal Bureau of Commerce
designated-subject = Liaison designated for { $enterprise }
designated-body =
    { $person } is now the district liaison of { $enterprise }.
sign_up_code-subject = Your code: { $code }
sign_up_code-body =
    Your code is { $code }. It is valid for 10 minutes. If you did not ask for it, ignore this message.
invitation-subject = { $inviter } invites you to { $enterprise }
invitation-body =
    { $inviter } invites you to { $enterprise }'s account on Lifeline, the Dalian Municipal Bureau of Commerce's platform.
    Open this link to sign up: { $link }
digest-subject = Your day: { $open } open, { $overdue } overdue
digest-body =
    Good morning. Your cases today:
    Open: { $open }
    Overdue: { $overdue }
    At risk of missing a deadline: { $at_risk }
    Due today: { $due_today }
    { $due_list }
fund_entitlement-subject = No application needed: { $programme }, { $amount }
fund_entitlement-body =
    From the figures the Bureau of Commerce already holds, { $enterprise } is entitled to { $amount } under "{ $programme }" without applying.
    Sign in to the enterprise portal to see how the amount was reached and confirm the bank account it goes to; payment follows your confirmation.

    Dalian Municipal Bureau of Commerce
fund_application_returned-subject = Fund application { $reference }: please correct it
fund_application_returned-body =
    { $enterprise }'s application { $reference } under "{ $programme }" was returned for correction. Missing:
    { $missing }
    Sign in to the enterprise portal, open the application, add what is missing and submit it again.

    Dalian Municipal Bureau of Commerce
fund_application_approved-subject = Fund application { $reference } approved: { $amount }
fund_application_approved-body =
    { $enterprise }'s application { $reference } under "{ $programme }" was approved for { $amount }.
    It will be paid to the confirmed bank account; sign in to the enterprise portal to see how the amount was reached and when it is paid.

    Dalian Municipal Bureau of Commerce
fund_application_refused-subject = Fund application { $reference } refused
fund_application_refused-body =
    { $enterprise }'s application { $reference } under "{ $programme }" was refused.
    Reason: { $reason }
    Sign in to the enterprise portal to see it, or contact the Bureau of Commerce with any question.

    Dalian Municipal Bureau of Commerce
figure-employees = Employees
figure-revenue = Operating revenue
figure-paid_in_foreign_capital = Paid-in foreign capital
figure-investment = Fixed-asset investment
figure-export_value = Export value
figure-premiums_paid = Export-credit-insurance premiums paid
figure-market_costs = International-market costs
figure-training_charges = Online-training charges invoiced
