-- Pages are chosen on indexes before any document is read: this one holds every column a predicate
-- filter tests, in key order, so a date or type filter scans narrow index rows, not the documents.
CREATE INDEX items_filtered ON items (collection, article_id, id)
    INCLUDE (kind, sub_kind, date_start, date_end, updated_at);
-- An article's items are found by their primary key (collection, article_id, …), one seek per collection.
DROP INDEX items_by_article;
