/** How global setup tells the test files where the database server and template are. */
export const TEST_ENV = { adminUrl: "LMS_TEST_ADMIN_URL", template: "LMS_TEST_TEMPLATE" } as const;
