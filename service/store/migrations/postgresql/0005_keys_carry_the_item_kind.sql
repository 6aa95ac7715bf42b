-- Each key carries its item's kind, in the key index: a facet filter with a type (location=…&type=Battles)
-- is answered from the key index alone, where it probed the items for each candidate key (a rare place's
-- battles: 578 probes for a page of 100). The table is written again in key order and its index built at
-- once, rather than every row updated in place (which would leave the old half as dead rows).
CREATE TABLE item_keys_with_kind (
    collection  text COLLATE "C" NOT NULL,
    facet       text COLLATE "C" NOT NULL,
    value       text COLLATE "C" NOT NULL,
    article_id  text COLLATE "C" NOT NULL,
    item_id     text COLLATE "C" NOT NULL,
    kind        text NOT NULL
);
INSERT INTO item_keys_with_kind
    SELECT k.collection, k.facet, k.value, k.article_id, k.item_id, i.kind
    FROM item_keys k JOIN items i ON i.collection = k.collection AND i.article_id = k.article_id AND i.id = k.item_id
    ORDER BY k.collection, k.facet, k.value, k.article_id, k.item_id;
DROP TABLE item_keys;
ALTER TABLE item_keys_with_kind RENAME TO item_keys;
ALTER TABLE item_keys ADD CONSTRAINT item_keys_pkey PRIMARY KEY (collection, facet, value, article_id, item_id)
    INCLUDE (kind);
ANALYZE item_keys;
