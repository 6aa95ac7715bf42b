-- Each record's CSV line, rendered once when its article is stored, and the column layout it was rendered
-- under (a line of another layout is rendered again on export).
ALTER TABLE items ADD COLUMN csv_row bytea;
ALTER TABLE items ADD COLUMN csv_layout text;
