import { SetContextLink } from "@apollo/client/link/context";
import { accessTokenForRequest } from "../../auth/session";

/** Context key under which the access token sent with an operation is kept. */
export const SENT_ACCESS_TOKEN = "sentAccessToken";

export const authorizationLink = new SetContextLink(async ({ headers }) => {
  const accessToken = await accessTokenForRequest();
  const { authorization: _replaced, ...otherHeaders } = (headers ?? {}) as Record<string, string>;
  return {
    headers: accessToken
      ? { ...otherHeaders, authorization: `Bearer ${accessToken}` }
      : otherHeaders,
    [SENT_ACCESS_TOKEN]: accessToken,
  };
});
