### Organisation (measure 10 and the table of work distribution): measures, divisions, working group, directory, imports of the table.

staff-home-measures = Measures
staff-home-divisions = Responsible divisions
measure-original = Original Chinese text
measure-work = Work under this measure
measure-work-empty = No work has been recorded under this measure yet.
masked-hint = Hidden: your role may not see personal mobile numbers
office = Office
mobile = Mobile
measure-divisions = Responsible divisions
wd-title = Table of Work Distribution
wd-intro = Which division is responsible for each measure, which one leads, and whom to call. New work is routed by this table.
wd-imported = Table imported: { $counts } (created-updated-unchanged rows).
wd-import = Import the table
wd-import-intro = Upload the table as CSV or XLSX. You will see every problem before anything is written. Chinese column names are accepted.
wd-measure = Measure
wd-contents = Contents
wd-division = Division
wd-chief = Chief
wd-contact = Contact
wd-leading = leading
wd-none = No division is named for this measure yet.
wd-preview = Preview of { $name }
wd-preview-counts = { $rows ->
        [one] { $rows } row read
       *[other] { $rows } rows read
    }, { $valid } valid, { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    }. Nothing has been written yet.
wd-errors = Errors (they block the import)
wd-warnings = Warnings (check them; they do not block)
wd-confirm = { $n ->
        [one] Import { $n } row
       *[other] Import { $n } rows
    }
wd-confirm-valid = { $n ->
        [one] Import only the valid row
       *[other] Import only the { $n } valid rows
    }
wd-fix-and-retry = Or correct the file and upload it again.
wd-upload = Upload a table
wd-file = Table file (CSV or XLSX)
imp-would = If imported: { $created } new, { $updated } changed, { $unchanged } unchanged.
imp-changed-since-preview = The data changed since this preview, so nothing was written. Check the new preview below and confirm again.
imp-download-rejects = { $n ->
        [one] Download the refused row with its reasons (CSV)
       *[other] Download the { $n } refused rows with their reasons (CSV)
    }
wd-check = Check the file
col-row = Row
col-column = Column
col-value = Value
col-problem = Problem
wg-title = Working group
wg-intro = Measure 10: the director leads the working group, the deputy directors are deputy leaders, and six divisions are responsible.
wg-leader = Group leader
wg-deputy = Deputy leader
wg-vacant = Not yet named
wg-members = Member divisions
wg-people = { $n ->
        [one] { $n } person
       *[other] { $n } people
    } in the directory
dir-title = Staff directory
dir-search = Search
dir-placeholder = Name, title or e-mail
dir-all = All divisions
dir-search-button = Search
dir-count = { $n ->
        [one] { $n } person
       *[other] { $n } people
    }
dir-job = Title
dir-none = Nobody matches.
