-- Loses data: every account, profile, session, token, instructor application, API key and queued mail.
DROP TABLE "api_keys";
DROP TABLE "instructor_applications";
DROP TABLE "password_reset_tokens";
DROP TABLE "refresh_tokens";
DROP TABLE "sessions";
DROP TABLE "profiles";
DROP TABLE "mail_outbox";
DROP TABLE "users";

DROP TYPE "InstructorApplicationStatus";
DROP TYPE "Role";
