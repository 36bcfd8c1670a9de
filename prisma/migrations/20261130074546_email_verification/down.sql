-- Loses data: pending email verification tokens.
DROP TABLE "email_verification_tokens";
