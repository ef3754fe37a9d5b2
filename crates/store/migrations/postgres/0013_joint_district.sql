-- Joint handling (issue 13): a division sees the cases of the measures it shares with other
-- divisions, by the measure a case is about (an inquiry's topic, else its measure). This index
-- serves that side of the scope's OR, newest first, as (division, id) serves the other.
CREATE INDEX cases_about_id ON cases ((COALESCE(topic, measure)), id);
