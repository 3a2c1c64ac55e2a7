-- Empties timeline-service's read models and its consumer group's inbox, positions and parked events, so that reading the topics again from
-- offset 0 rebuilds them. Run it while the service's consumer is stopped, then reset the group to the earliest
-- offsets (kafka-consumer-groups.sh --group timeline-service --reset-offsets --to-earliest --all-topics --execute)
-- and start the service. The event store is not touched.
truncate record_replica, record_link, activity_view, note_view, timeline_entry, notice, notice_dismissal;
delete from crm_inbox where consumer_group = 'timeline-service';
delete from crm_stream_position where consumer_group = 'timeline-service';
delete from crm_parked_event where consumer_group = 'timeline-service';
