// The demo works: the seeded course's transcripts (written straight into media's table, so no
// event announced them) are indexed when the demo student first asks about the course.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_ACCOUNTS, seedDemoData } from "../../../../prisma/seed.ts";
import { startTestServer, type TestServer } from "../../../test/support/test-server.ts";
import { ASK } from "./tutor.fixtures.ts";

let server: TestServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "tutor-demo-"));
  server = await startTestServer({ DATA_DIR: dataDir });
  await seedDemoData(server.app.platform);
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const SIGN_IN = `mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { accessToken } }`;
const DEMO_COURSE = `query { course(slug: "practical-typescript") { id videos { id title } } }`;

it("answers the demo student from the demo course's transcripts, citing the video and second", async () => {
  const student = DEMO_ACCOUNTS.find((account) => account.role === "STUDENT")!;
  const token = (await server.graphql(SIGN_IN, { email: student.email, password: student.password })).data!.signIn.accessToken as string;
  const { course } = (await server.graphql(DEMO_COURSE, {}, { token })).data!;
  const setup = course.videos.find((video: { title: string }) => video.title === "Setting up a project");
  const result = await server.graphql(ASK, { input: { courseId: course.id, question: "How do I turn on strict mode?" } }, { token });
  expect(result.errors).toBeUndefined();
  const { answer } = result.data!.askTutor;
  expect(answer.content).toContain("Turn on strict mode from the start.");
  expect(answer.citations[0]).toMatchObject({ video: { id: setup.id }, startSeconds: 0, snippet: expect.stringContaining("strict mode") });
});
