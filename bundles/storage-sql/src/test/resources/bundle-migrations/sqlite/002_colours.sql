ALTER TABLE widgets_items ADD COLUMN colour TEXT;
CREATE INDEX widgets_items_colour ON widgets_items (colour);
