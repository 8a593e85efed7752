-- The first statement would succeed; the second fails, so neither stays.
CREATE TABLE failing_bad (id INTEGER PRIMARY KEY);
INSERT INTO no_such_table VALUES (1);
