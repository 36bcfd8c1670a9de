// The database id inside a global id the API answers, for tests that look a row up.
import { decodeGlobalId } from "../../src/platform/ids.ts";

export const databaseId = (globalId: string) => decodeGlobalId(globalId)!.id;
