// Every journey also checks that the server's Content-Security-Policy refused nothing the client needs.
import { cspViolations } from "./browser.ts";

afterEach(() => {
  expect(cspViolations.splice(0)).toEqual([]);
});
