-- A kept response and a prepared transaction as bytes, not base64 text: each is written in the
-- commit of the step it belongs to, and the embedded H2 serialises a text character by character
-- (and a long one into its large-object store), which made these two commits most of a keyed
-- step's cost in the database. Rows kept before this migration keep their base64 column and are
-- still read from it; new rows leave it null.
alter table idempotency_record add column response bytea;
alter table prepared_transaction add column signed bytea;
alter table prepared_transaction alter column envelope drop not null;
