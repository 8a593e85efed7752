-- A test bundle's first table.
CREATE TABLE widgets_items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
