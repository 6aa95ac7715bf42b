-- Full-text search (q=): one row for each article and for each member of its collections, holding its words
-- as service.search tokenizes them (folded already: FTS5 only splits them on spaces). An article's rows take
-- the rowids of a range of its own rowid (service/store/sqlite.py, SEARCH_ROWIDS), so they are dropped
-- without a scan. The rows of articles already stored are written by the adapter, in Python, after this.
CREATE VIRTUAL TABLE search_text USING fts5(
    text,
    collection UNINDEXED,
    article_id UNINDEXED,
    item_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
