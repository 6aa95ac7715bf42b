-- An article's filter keys are deleted by their primary key, from the values its stored document gives
-- them (service/store/index.py, key_rows): the index that found them by article was as large as the key
-- index itself, and every write of an article inserted its hundreds of keys into both.
DROP INDEX item_keys_by_article;
