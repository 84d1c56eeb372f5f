-- When each notification was added to the outbox, in UTC: delivered notifications older than
-- lc.events.retention are deleted (events.NotificationRetention). Those held before this migration
-- count from it.
alter table notification add column recorded_at timestamp default localtimestamp not null;
