-- Loses data: every issued certificate (their codes no longer verify).
DROP TABLE "certificates";
