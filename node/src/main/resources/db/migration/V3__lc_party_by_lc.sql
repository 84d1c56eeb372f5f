-- The read model replaces an LC's parties by its number: without this index that was a scan of
-- every party row, per LC, and processing a 1M-transaction chain slowed to a crawl.
create index lc_party_by_lc on lc_party (lc_number);
