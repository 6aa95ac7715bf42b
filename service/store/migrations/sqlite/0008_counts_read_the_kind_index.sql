-- Counts by a field (facets) and pages of one kind read the kind index alone: it carries what they test and
-- sum, so a count of every event of a type, or of every event by type, never reads the items' rows.
DROP INDEX items_by_kind;
CREATE INDEX items_by_kind ON items (
    collection, kind, article_id, id, sub_kind, date_start, date_end, certainty, deaths_low, deaths_best, deaths_high
);
