### The public site: the home page, asking the bureau (/ask) and the public FAQ pages. Also in zh-Hant, ja and ko.

fund-public-title = Policy fund programmes
fund-public-intro = The programmes through which the bureau pays bonuses, awards and subsidies to foreign-invested and foreign-trade enterprises this year, how each pays, and what an application needs.
fund-public-home = Home
fund-payment-mode = How it pays
fund-budget = Budget
fund-legal-basis = Legal basis
fund-deadline = Applications
fund-no-deadline = Open all year
fund-documents = Documents needed
fund-none = No programmes yet.
fund-mode-in_advance = Paid in advance
fund-mode-in_advance-explained = paid before final settlement and reconciled at settlement.
fund-mode-on_settlement = Paid on final settlement
fund-mode-on_settlement-explained = paid as soon as final settlement is done.
fund-mode-examined_in_advance = Examined in advance
fund-mode-examined_in_advance-explained = applied for, examined and verified in advance, then allocated.
fund-mode-fully_covered = Fully covered
fund-mode-fully_covered-explained = the invoiced charges are paid in full.

ask-title = Ask the bureau
ask-intro = Write your question; the responsible division answers within the service time below. Emergencies: call your district's hotline.
ask-question = Your question
ask-contact-name = Your name
ask-contact = Mobile number or e-mail address
ask-send = Send the question
ask-privacy = Your contact is used only to answer this question.
ask-suggestions = Answers that may help
ask-suggestions-hint = Suggestions appear as you type.
ask-no-suggestions = No prepared answer matches yet.
ask-received = Your question has been received
ask-reference = Reference number:
ask-due = We will answer by { $due } (working hours).
ask-next = Continue
faq-title = Questions and answers
faq-intro = Answers the bureau has prepared to enterprises' common questions, kept up to date as the policy changes.
faq-languages = Languages
faq-search = Search
faq-search-hint = e.g. 口罩, masks, マスク, 마스크
faq-results = { $n ->
        [one] { $n } answer
       *[other] { $n } answers
    } for “{ $q }”
faq-fallback = No translation in this language yet; shown in { $shown }.
faq-updated = Updated
faq-none = No answers here yet.
faq-not-found-ask = Not answered here? Ask the bureau
faq-helpful = Was this helpful?
faq-yes = Yes
faq-no = No
faq-thanks = Thank you: your vote helps us improve the answers.
faq-votes = { $yes ->
        [one] { $yes } person found this helpful
       *[other] { $yes } people found this helpful
    }, { $no } did not.
measure-no = Measure { $no }
ask-status-title = Look up your question
ask-status-intro = Give the reference number you were shown and the e-mail address or mobile number you gave with the question.
ask-status-reference = Reference number
ask-status-send = Look it up
ask-status-not-found = No question matches this reference number and contact. Check both and try again.
ask-status-your-question = Your question
ask-status-asked = asked
ask-status-answers = Answers from the bureau
ask-status-no-answer = No answer yet. We will also send it to the contact you gave.
ask-status-link = Look up the status of this question later
