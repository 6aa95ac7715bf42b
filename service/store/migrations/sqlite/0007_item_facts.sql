-- What counts (facets) and spatial filters test, as columns of each item's row (service/store/index.py,
-- ItemFacts): an actor's or place's name, a certainty, the three death estimates, the bounding box of the
-- item's points and, where it has several, the points. The filtered index is made again with them, so a
-- count of a filtered set and a map-area filter read index rows, never a document. The values of items
-- already stored are written by the adapter, in Python, after this.
ALTER TABLE items ADD COLUMN label TEXT;
ALTER TABLE items ADD COLUMN certainty TEXT;
ALTER TABLE items ADD COLUMN deaths_low INTEGER;
ALTER TABLE items ADD COLUMN deaths_best INTEGER;
ALTER TABLE items ADD COLUMN deaths_high INTEGER;
ALTER TABLE items ADD COLUMN lat_min REAL;
ALTER TABLE items ADD COLUMN lat_max REAL;
ALTER TABLE items ADD COLUMN lon_min REAL;
ALTER TABLE items ADD COLUMN lon_max REAL;
ALTER TABLE items ADD COLUMN points TEXT;
DROP INDEX items_filtered;
CREATE INDEX items_filtered ON items (
    collection, article_id, id, kind, sub_kind, date_start, date_end, updated_at,
    label, certainty, deaths_low, deaths_best, deaths_high, lat_min, lat_max, lon_min, lon_max, points
);
