-- Full-text search (q=): one row for each article ('articles', item_id '') and for each member of its
-- collections, its words as service.search tokenizes them, in the `simple` configuration (which only splits
-- them: they are folded already). A GIN index finds them; the primary key drops an article's rows. The rows
-- of articles already stored are written by the adapter, in Python, after this.
CREATE TABLE search_text (
    article_id  text COLLATE "C" NOT NULL,
    collection  text COLLATE "C" NOT NULL,
    item_id     text COLLATE "C" NOT NULL,
    words       tsvector NOT NULL,
    PRIMARY KEY (article_id, collection, item_id)
);
CREATE INDEX search_text_words ON search_text USING gin (words);
