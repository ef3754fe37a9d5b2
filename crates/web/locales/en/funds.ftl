### Measure 2 in the back office: fund programmes, their rules, decisions and simulations.

nav-funds = Fund programmes
fund-programmes-title = Fund programmes (measure 2)
fund-programmes-intro = Every programme with its item of the Table of Work Distribution, its legal basis, this year's budget and how it pays. The division responsible for the item edits it.
fund-programmes-count = { $n ->
        [one] { $n } programme
       *[other] { $n } programmes
    }
fund-total-budget = Budgets in all:
fund-programme = Programme
fund-item = Item
fund-status = Status
fund-published = Published
fund-unpublished = Not published
fund-back = All programmes
fund-documents-needed = Documents needed
fund-versions = Rule versions
fund-version = Version { $n }
fund-status-draft = Draft
fund-status-published = Published
fund-effective = In effect
fund-effective-open = from { $from }
fund-no-criteria = Every enterprise
fund-simulate = Simulate over the registry
fund-publish = Publish this version
fund-published-by = Published by { $who }
fund-drafted-by = Drafted by { $who }
fund-no-versions = No rule yet.
fund-draft-title = Draft a new version
fund-draft-help = The rule is data: criteria (enterprise_kind, district, industry, investor_country, at_least, at_most) and one formula (percentage with ratio in basis points and an optional cap, tiers, fixed, full_coverage). Amounts in fen. It starts from the newest version.
fund-draft-from = First day
fund-draft-to = Last day (optional)
fund-draft-note = Why this version
fund-draft-rule = Rule
fund-draft-save = Save the draft
fund-draft-refused = The draft was not saved:
fund-sim-title = Simulation: { $name }, version { $n }
fund-sim-intro = Version { $n } run over the whole registry ({ $count } enterprises) with the figures the bureau holds for { $year }, against the version it would replace.
fund-sim-version = Version
fund-sim-qualifying = Enterprises that qualify
fund-sim-cost = Total cost
fund-sim-this = Version { $n } (simulated)
fund-sim-current = Version { $n } (in effect)
fund-sim-no-current = No published version is in effect on its first day to compare with.
fund-sim-budget = Budget { $year }
fund-sim-remaining = Left after this version
fund-sim-over = Over budget by { $amount }
fund-sim-within = Within the budget
fund-sim-gainers = Enterprises that gain: { $n }
fund-sim-losers = Enterprises that lose: { $n }
fund-sim-enterprise = Enterprise
fund-sim-before = In effect
fund-sim-after = Simulated
fund-sim-change = Change
fund-sim-nobody = Nobody.
fund-sim-listed = The { $n } largest are listed.
