import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { documentHash } from "../persistedDocuments";

/** Sends each operation by its build-time hash, and its text only when the server asks for it (a server older than this client). */
export const persistedDocumentLink = new PersistedQueryLink({ generateHash: documentHash });
