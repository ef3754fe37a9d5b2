-- The organisation: division aliases, districts, the staff directory, the work-distribution table.
CREATE TABLE division_aliases (
    alias    TEXT PRIMARY KEY,
    division TEXT NOT NULL REFERENCES divisions(code)
) STRICT;

CREATE TABLE districts (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('district', 'county_city', 'county', 'pilot_area'))
) STRICT;

CREATE TABLE people (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    name_en      TEXT,
    title        TEXT NOT NULL DEFAULT '',
    division     TEXT REFERENCES divisions(code),
    office_phone TEXT,
    mobile       TEXT,
    email        TEXT,
    user_id      TEXT REFERENCES users(id),
    wg_role      TEXT NOT NULL DEFAULT 'none' CHECK (wg_role IN ('none', 'leader', 'deputy_leader')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX people_division ON people(division);

CREATE TABLE work_distribution (
    id         TEXT PRIMARY KEY,
    measure    INTEGER NOT NULL REFERENCES measures(no),
    item       TEXT NOT NULL DEFAULT '',
    division   TEXT NOT NULL REFERENCES divisions(code),
    is_leading INTEGER NOT NULL DEFAULT 0 CHECK (is_leading IN (0, 1)),
    chief_id   TEXT REFERENCES people(id),
    contact_id TEXT REFERENCES people(id),
    sort       INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (measure, item, division)
) STRICT;
