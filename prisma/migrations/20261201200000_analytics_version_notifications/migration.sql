-- A course's analytics version is bumped whenever its rollups change: its trigger notifies the
-- data change feed with the scope `analytics:<course id>`, so the response cache drops the course
-- team's kept dashboard answers (analytics.scopes.ts) when new events are taken in, and only those.
CALL watch_public_data('analytics_course_versions', 'analytics', 'course_id');
