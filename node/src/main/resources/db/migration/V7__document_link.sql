-- Which LC each document was presented under, and the hash of the Idempotency-Key of the request
-- that presented it (a retry of that request may present it again). Kept in the node's database,
-- whose commits the node writes together, rather than in the document's meta.json, which cost each
-- presentation two fsyncs of its own per document. Documents presented before keep their link in
-- their meta.json, where it is still read.
create table document_link (
  document_id varchar(36) primary key,
  lc_number varchar(35) not null,
  presented_under varchar(64)
);
