-- Webhook subscriptions and their delivery positions, shared by the nodes of a branch.
create table subscription (
  subscription_id varchar(36) primary key,
  branch varchar(64) not null,
  url varchar(2048) not null,
  secret varchar(256) not null,
  -- the sequence of the last notification delivered
  delivered bigint not null,
  attempts int not null,
  -- when the next attempt is due, in milliseconds since the epoch
  next_attempt bigint not null
);
create index subscription_by_branch on subscription (branch);

-- Work that one node of a branch does at a time (webhook delivery): held until it expires, renewed
-- by its holder, taken over once expired.
create table lease (
  name varchar(32) primary key,
  holder varchar(64) not null,
  expires_at timestamp not null
);
insert into lease (name, holder, expires_at) values ('webhooks', '', timestamp '1970-01-01 00:00:00');

-- Idempotency-Key records: the first request under a key (its hash), and once answered its response.
create table idempotency_record (
  record_id varchar(64) primary key,
  request_hash varchar(64) not null,
  -- null while the request has no answer yet (in progress, or cut short by a crash or a 5xx)
  status int,
  content_type varchar(255),
  body text
);

-- Fabric: each idempotency key's endorsed, signed transaction, kept before it is submitted.
create table prepared_transaction (
  key_hash varchar(64) primary key,
  envelope text not null
);
