-- What counts (facets) and spatial filters test, as columns of each item's row (service/store/index.py,
-- ItemFacts): an actor's or place's name, a certainty, the three death estimates, the bounding box of the
-- item's points and, where it has several, the points (JSON text). The filtered index includes them, so a
-- count of a filtered set and a map-area filter are index-only scans. The values of items already stored
-- are written by the adapter, in Python, after this.
ALTER TABLE items
    ADD COLUMN label text,
    ADD COLUMN certainty text,
    ADD COLUMN deaths_low bigint,
    ADD COLUMN deaths_best bigint,
    ADD COLUMN deaths_high bigint,
    ADD COLUMN lat_min double precision,
    ADD COLUMN lat_max double precision,
    ADD COLUMN lon_min double precision,
    ADD COLUMN lon_max double precision,
    ADD COLUMN points text;
DROP INDEX items_filtered;
CREATE INDEX items_filtered ON items (collection, article_id, id)
    INCLUDE (kind, sub_kind, date_start, date_end, updated_at, label, certainty, deaths_low, deaths_best,
             deaths_high, lat_min, lat_max, lon_min, lon_max, points);
