import { parseByteRange } from "./byte-range.ts";

describe("parseByteRange", () => {
  const size = 1000;

  it.each([
    ["bytes=0-99", { kind: "partial", start: 0, end: 99 }],
    ["bytes=500-", { kind: "partial", start: 500, end: 999 }],
    ["bytes=-100", { kind: "partial", start: 900, end: 999 }],
    ["bytes=-5000", { kind: "partial", start: 0, end: 999 }],
    ["bytes=990-5000", { kind: "partial", start: 990, end: 999 }],
    ["bytes=999-999", { kind: "partial", start: 999, end: 999 }],
    ["BYTES= 10 - 20", { kind: "partial", start: 10, end: 20 }],
  ])("reads %s", (header, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });

  it.each([["bytes=1000-"], ["bytes=1000-1001"], ["bytes=-0"]])("refuses %s as unsatisfiable", (header) => {
    expect(parseByteRange(header, size)).toEqual({ kind: "unsatisfiable" });
  });

  it.each([[undefined], ["bytes=20-10"], ["bytes=-"], ["items=0-10"], ["bytes=0-1,5-6"], ["bytes=a-b"]])(
    "ignores %s and serves the whole file",
    (header) => {
      expect(parseByteRange(header, size)).toEqual({ kind: "full" });
    },
  );

  it("cannot satisfy any range of an empty file", () => {
    expect(parseByteRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=-10", 0)).toEqual({ kind: "unsatisfiable" });
  });
});
