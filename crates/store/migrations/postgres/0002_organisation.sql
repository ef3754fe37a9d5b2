-- The organisation: division aliases, districts, the staff directory, the work-distribution table.
CREATE TABLE division_aliases (
    alias    TEXT PRIMARY KEY,
    division TEXT NOT NULL REFERENCES divisions(code)
);

CREATE TABLE districts (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('district', 'county_city', 'county', 'pilot_area'))
);

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
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX people_division ON people(division);

CREATE TABLE work_distribution (
    id         TEXT PRIMARY KEY,
    measure    BIGINT NOT NULL REFERENCES measures(no),
    item       TEXT NOT NULL DEFAULT '',
    division   TEXT NOT NULL REFERENCES divisions(code),
    is_leading BOOLEAN NOT NULL DEFAULT FALSE,
    chief_id   TEXT REFERENCES people(id),
    contact_id TEXT REFERENCES people(id),
    sort       BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (measure, item, division)
);
