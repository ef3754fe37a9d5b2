-- Attachments on cases (issue 13): the file lives under data_dir/attachments by its SHA-256;
-- this row says whose case it is on, what it is and who brought it.
CREATE TABLE case_attachments (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    name        TEXT NOT NULL,
    file_type   TEXT NOT NULL CHECK (file_type IN ('pdf', 'jpeg', 'png', 'docx', 'xlsx')),
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    uploaded_by TEXT,
    uploader    TEXT NOT NULL,
    by_enterprise INTEGER NOT NULL CHECK (by_enterprise IN (0, 1)),
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX case_attachments_case ON case_attachments(case_id, at);
