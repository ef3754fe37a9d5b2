### Text every page shares: the layouts, languages, sign-in, account, fields, roles and error pages. Every interface language has it.

app-name = Lifeline
app-tagline = Enterprise assistance · Bureau of Commerce
skip-to-content = Skip to content
nav-utility = Language and account
nav-portal = Enterprise portal
language-name = English
sign-in = Sign in
sign-out = Sign out
footer-text = Lifeline keeps a record of every change. Personal data is used only for the assistance measures.
login-title = Sign in to Lifeline
login-intro = For bureau staff, district officials, enterprises and partner associations.
login-help = Forgotten your password? Ask the bureau's system administrator to reset it.
login-failed = The e-mail address or the password is wrong.
login-locked = Too many failed attempts: this account is locked for 15 minutes.
login-expired = The sign-in form expired. Please try again.
field-email = E-mail address
field-password = Password
field-name = Name
field-role = Role
field-division = Division
field-district = District
field-enterprise = Enterprise (USCC)
col-status = Status
status-active = Active
status-disabled = Disabled
form-has-errors = Please correct the fields marked below.
account-title = My account
account-session-note = For your security, you are signed out after a period without activity (15 minutes for staff, 30 for enterprises) and after 12 hours in any case.
portal-home = Home
portal-welcome = Welcome, { $name }
public-title = Helping enterprises through the epidemic
public-intro = The Bureau of Commerce's ten measures to help foreign-invested and foreign-trade enterprises resume operation and production.
public-measures = The ten measures
public-measures-shown-in = The measures below are written in { $shown }.
go-staff = Go to the daily board
go-portal = Go to the enterprise portal
error-not-found = Page not found
error-forbidden = You do not have access to this page
error-internal = Something went wrong on our side
error-unavailable = The service is busy; please try again in a moment
error-home = Back to the home page
role-admin = Administrator
role-leader = Bureau leader
role-division_chief = Division chief
role-division_staff = Division staff
role-district_official = District official
role-reviewer = Funds reviewer
role-auditor = Auditor
role-enterprise_user = Enterprise user
role-partner = Partner organisation

# The six divisions (measure 10), by code: pages show names, never codes.
division-IP1 = Investment Promotion Division I
division-IP2 = Investment Promotion Division II
division-IP3 = Investment Promotion Division III
division-FT = Foreign Trade Division
division-OIEC = Overseas Investment and Economic Cooperation Division
division-GLA = General and Legal Affairs Division

# Notifications
inbox-title = Notifications
inbox-unread = { $n ->
    [one] one unread
   *[other] { $n } unread
}
inbox-unread-only = Unread only
inbox-filter = Show
inbox-next = Older
inbox-read-all = Mark all as read
inbox-new = New
inbox-open = Open
inbox-mark-read = Mark as read
inbox-none = No notifications.
prefs-title = Notifications
prefs-lang = Language of messages
prefs-event = When
prefs-email = E-mail
prefs-sms = Text message
prefs-always = always
prefs-digest = A digest of my open cases every morning (e-mail)
prefs-save = Save
notify-event-case_routed = A case comes to my division
notify-event-case_assigned = A case is assigned to me
notify-event-case_escalated = A case is escalated
notify-event-decision_due = A decision is due
notify-event-sla_at_risk = A deadline is close
notify-event-sla_breached = A deadline is missed
notify-event-enterprise_replied = The enterprise replies
notify-event-designated = A liaison is designated
