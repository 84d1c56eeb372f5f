-- The node's own store, fed by the ledger's events and updated one batch of events per database
-- transaction: the checkpoint, the outbox of notifications and the read model move together.
-- Standard SQL, so that the same migration serves PostgreSQL and the sandbox's embedded H2.

-- How far the node has processed the ledger's events: the highest block it has taken events from.
create table event_checkpoint (
  consumer varchar(32) primary key,
  block_number bigint not null
);

-- The outbox: one notification per branch concerned (and one for auditors' stream, branch '*'),
-- numbered in the order streams and webhooks deliver them.
create table notification (
  sequence bigint primary key,
  event_id varchar(200) not null unique,
  branch varchar(64) not null,
  block_number bigint not null,
  body text not null
);
create index notification_by_branch on notification (branch, sequence);

-- The read model: every LC as last read from the ledger, for listing and searching. A cache of the
-- ledger; views and history are still read from the ledger itself.
create table lc_entry (
  lc_number varchar(35) primary key,
  status varchar(32),
  applicant_uscc varchar(18),
  beneficiary_uscc varchar(18),
  expiry_date date,
  next_deadline date,
  block_number bigint not null,
  tx_id varchar(200) not null,
  -- the LC in canonical JSON; null when this node cannot read it, and then why
  lc_json text,
  unreadable varchar(1000)
);
create index lc_entry_by_status on lc_entry (status, lc_number);
create index lc_entry_by_deadline on lc_entry (next_deadline, lc_number);

-- Who an LC concerns: its branches and its companies' USCCs.
create table lc_party (
  party varchar(64) not null,
  lc_number varchar(35) not null,
  primary key (party, lc_number)
);

-- one consumer today: the node's processing of the ledger's events (events.Outbox)
insert into event_checkpoint (consumer, block_number) values ('ledger-events', -1);
