-- One dedup mechanism: a platform delivery is claimed by the jobs table's unique (platform, key).
-- processed_events served only Teams' feedback dialog, which is now a job like every other delivery.
DROP TABLE IF EXISTS processed_events;
