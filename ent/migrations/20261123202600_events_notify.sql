-- Wake the projectors: every transaction that appends to the event log sends
-- one notification on channel secondbrain_events when it commits. The
-- payload is empty, so PostgreSQL folds the notifications of one transaction
-- (an import batch writes hundreds of events) into one; listeners read the
-- log from their checkpoint, never from the payload.
CREATE FUNCTION sb_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('secondbrain_events', '');
	RETURN NULL;
END
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events
	FOR EACH STATEMENT EXECUTE FUNCTION sb_notify_events();
