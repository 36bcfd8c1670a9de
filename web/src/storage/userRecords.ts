// Records kept in localStorage for one signed-in user (under a key naming them), e.g. uploads to
// resume or progress reports to send: what stays on the device until the API has it.

export interface UserRecords<Value> {
  /** The user's records; none when there are none or they cannot be read. */
  read(userId: string): Record<string, Value>;
  /** Replaces the user's records; no records remove the key. Storage full or disabled: nothing is kept. */
  write(userId: string, records: Record<string, Value>): void;
}

export function userRecords<Value>(keyOf: (userId: string) => string): UserRecords<Value> {
  return {
    read(userId) {
      try {
        const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(userId)) ?? "{}");
        return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, Value>) : {};
      } catch {
        return {};
      }
    },
    write(userId, records) {
      try {
        if (Object.keys(records).length === 0) localStorage.removeItem(keyOf(userId));
        else localStorage.setItem(keyOf(userId), JSON.stringify(records));
      } catch {
        // Storage full or disabled: the device keeps nothing, as after its site data is cleared.
      }
    },
  };
}
