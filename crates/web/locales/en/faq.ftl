### Measure 3: questions and answers (FAQ), public pages and editing.

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
faq-question = Question
faq-status-draft = Draft
faq-status-scheduled = Scheduled
faq-status-published = Published
faq-status-archived = Archived
faq-edit-title = FAQ entry
faq-new = New FAQ entry
faq-scheduled-at = Scheduled to appear at { $at }.
faq-from-case = Drafted from inquiry
faq-answer = Answer
faq-measure = Measure (1–10)
faq-tags = Tags (comma-separated)
faq-note = What changed
faq-note-hint = e.g. the subsidy rate rose to 80%
faq-save-version = Save as a new version
faq-save-draft = Save the draft
faq-publication = Publication
faq-publish-at = Publish at (leave empty for now)
faq-publish = Publish
faq-unpublish = Back to draft
faq-archive = Archive
faq-history = Versions
faq-diff = what changed
faq-changes = Changes from v{ $from } to v{ $to }
faq-draft-from-case = Make an FAQ draft from this answer
