-- When each notification was added to the outbox, in UTC: delivered notifications older than
-- lc.events.retention are deleted (events.NotificationRetention), oldest first through the index,
-- which a deletion then reads from its start rather than scanning the table. Those held before
-- this migration count from it.
alter table notification add column recorded_at timestamp default localtimestamp not null;
create index notification_by_age on notification (recorded_at);
