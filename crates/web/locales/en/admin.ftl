### Administration: accounts and the audit trail.

users-title = Accounts
users-count = { $n ->
        [one] { $n } account
       *[other] { $n } accounts
    } you may see
users-new = Create an account
users-create = Create account
users-created = Account { $email } created.
users-disabled = Account { $email } disabled; its sessions have ended.
users-disable = Disable
audit-title = Audit trail
audit-intro = Every change, who made it, when, and from where. Entries are chained so that any later edit is detected.
audit-object-type = Object type
audit-verify = Verify the chain
audit-verified = The chain is whole: { $n ->
        [one] { $n } entry
       *[other] { $n } entries
    } verified.
audit-broken = The chain is broken at entry { $seq }:
audit-count = { $n ->
        [one] { $n } entry
       *[other] { $n } entries
    }
jobs-title = Background jobs
jobs-intro = Work done after a change is saved, such as replies posted to messaging groups. A job that fails is tried again later; after its last attempt it stops until someone retries it.
jobs-show = Show
jobs-count = { $n ->
        [one] { $n } job
       *[other] { $n } jobs
    }
jobs-none = No jobs in this state.
jobs-col-kind = Job
jobs-col-state = State
jobs-col-age = Age
jobs-col-attempts = Attempts
jobs-col-error = Last error
jobs-retry = Retry now
jobs-retried = The job will be tried again within a few seconds.
jobs-next-try = next try { $at }
jobs-attempts-of = { $n } of { $max }
job-state-failed_or_dead = Failed or stopped
job-state-failed = Failed, will retry
job-state-dead = Stopped after the last attempt
job-state-queued = Waiting
job-state-running = Running
job-state-done = Done
age-minutes = { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    }
age-hours = { $n ->
        [one] { $n } hour
       *[other] { $n } hours
    }
age-days = { $n ->
        [one] { $n } day
       *[other] { $n } days
    }

# Outgoing mail (the demo's SMTP sink)
mail-title = Outgoing mail
mail-intro = { $n ->
    [one] One e-mail caught by the demo's SMTP server on this machine, newest first. Nothing leaves the machine.
   *[other] { $n } e-mails caught by the demo's SMTP server on this machine, newest first. Nothing leaves the machine.
}
mail-no-sink = This page lists the e-mail of `lifeline demo`; here, e-mail goes to the configured SMTP server.
mail-none = No e-mail yet.
mail-col-time = Received
mail-col-to = To
mail-col-message = Subject and message
job-kind-notify_email = Notification e-mail
job-kind-notify_sms = Notification text message
job-kind-notify_robot = Notice to a division's staff group robot
