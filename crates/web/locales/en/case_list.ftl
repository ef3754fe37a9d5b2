### The staff case list: filters, sort orders, the workload per person, and assigning a case.

cl-title = Cases
cl-mine = My open cases
cl-all-open = All open cases
cl-text = Words in the subject or text
cl-any = any
cl-status-open = open (not resolved or closed)
cl-status-closed = resolved or closed
cl-measure = Measure
cl-assignee = Assigned to
cl-me = me
cl-kind = Kind
cl-kind-difficulty = Difficulty
cl-kind-inquiry = Inquiry
cl-yes = yes
cl-no = no
cl-overdue = Follow-up overdue
cl-overdue-tag = overdue
cl-sort = Sort by
cl-sort-created = date opened
cl-sort-updated = last change
cl-sort-follow_up = next follow-up
cl-order = Order
cl-order-default = usual (newest, or soonest follow-up, first)
cl-order-desc = descending
cl-order-asc = ascending
cl-filter = Show
cl-reset = Clear the filters
cl-count = { $n ->
        [one] { $n } case
       *[other] { $n } cases
    }
cl-none = No case matches these filters.
cl-nobody = nobody yet
cl-updated = Last change
cl-workload = Open cases per person
cl-open = Open
cl-see-all = See all
cl-assign = Assigned to
cl-assign-to = Colleague
cl-assign-button = Assign
cl-unassign = nobody
cl-date = { $m ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    } { $d }, { $y }
cl-enterprise = Enterprise
