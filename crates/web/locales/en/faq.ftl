### Measure 3: questions and answers (FAQ), public pages and editing.

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
