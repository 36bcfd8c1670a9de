/** The part of s3rver 3.7 (a test-only S3 peer, no types of its own) that the storage tests use. */
declare module "s3rver" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface S3rverOptions {
    directory: string;
    silent?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  class S3rver {
    constructor(options: S3rverOptions);
    store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
    configureBuckets(): Promise<void>;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }

  export = S3rver;
}
