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
