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
