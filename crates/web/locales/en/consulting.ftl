### Measure 3: the consulting desk, questions from the public, service times (SLA) and group replies.

case-asked-by = Asked by
case-about-measure = about measure { $no }
case-fast = Fast channel
case-deliveries = Replies sent to the group
sla-first_response = First response
sla-resolution = Resolution
sla-due = due
sla-state-running = On time
sla-state-at_risk = At risk
sla-state-breached = Breached
sla-state-met = Met
sla-state-paused = Paused (waiting on the enterprise)
delivery-pending = Pending
delivery-sent = Delivered
delivery-failed = Failed
delivery-attempts = { $n ->
        [one] { $n } attempt
       *[other] { $n } attempts
    }
desk-title = Consulting desk
desk-sla = Service times, last 7 days
desk-cases = Cases
desk-first-met = First response met
desk-resolution-met = Resolution met
desk-median-first = Median first response
desk-breaches = { $n ->
        [one] { $n } breach
       *[other] { $n } breaches
    }
desk-no-cases = No cases in the last 7 days.
desk-hotline = Hotline log
desk-line = Line
desk-caller-name = Caller's name
desk-caller-number = Caller's number
desk-minutes = Length (minutes)
desk-summary = Summary
desk-join-case = Continues case (optional)
desk-join-hint = case number of an open inquiry
desk-fast = Fast service channel
desk-log-call = Log the call
desk-no-hotlines = No hotline is configured yet.
desk-history = Caller's history
desk-history-hint = a caller's number
desk-calls-of = Calls from { $number }
desk-recent-calls = Latest calls
desk-when = When
desk-caller = Caller
desk-no-calls = No calls.
desk-groups = Messaging service groups
desk-group = Group
desk-robot = Robot webhook
desk-no-groups = No group is registered yet.
desk-add-group = Register a group
desk-platform = Platform
desk-group-staff = Staff who run it (e-mail addresses)
desk-secret-once = The group's signing secret, shown this once: give it to the bot that posts the group's messages.
desk-faq = FAQ entries
desk-unhelpful = Most often not helpful
desk-public-faq = Open the public FAQ
board-breaches = Past their service time (SLA breaches, open cases)
desk-new-faq = Write an FAQ entry
job-kind-group_reply = Reply to a messaging group
field-district-code = District code
