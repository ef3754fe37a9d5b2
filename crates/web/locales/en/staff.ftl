### Staff pages: navigation and shared text (zh-CN and en only).

nav-measures = The ten measures
nav-home = Daily board
nav-admin = Administration
nav-users = Accounts
nav-audit = Audit trail
nav-jobs = Background jobs
field-initial-password = Initial password
hint-division = Required for division chiefs and staff.
hint-district = Six-digit GB/T 2260 code; required for district officials.
hint-enterprise = 18-character Unified Social Credit Code; required for enterprise users.
hint-password = At least 12 characters. A phrase is easiest to remember.
your-role = Your role
col-code = Code
col-name = Name
col-scope = Scope
col-actions = Actions
col-time = Time
col-actor = Who
col-action = What
col-object = Object
col-from = From
next-page = Next page
filter = Filter
portal-intro = Through this portal your enterprise can ask the Bureau of Commerce for help under the ten assistance measures and follow the answers.
portal-measures = What the bureau offers
nav-organisation = Organisation
nav-work-distribution = Work distribution
nav-working-group = Working group
nav-directory = Staff directory
export-csv = Export CSV
export-xlsx = Export XLSX
nav-enterprises = Enterprises
nav-dashboard = District dashboard
nav-consulting = Consulting desk

## The division chief's duty roster on /account
duty-title = Duty roster
duty-note = A new case for your division is told to you and to the staff on duty; when nobody is on duty, all of the division's staff are told.
duty-state = Status
duty-change = Change
duty-on = On duty
duty-off = Off duty
duty-put-on = Put on duty
duty-take-off = Take off duty
duty-none = Your division has no staff yet.
