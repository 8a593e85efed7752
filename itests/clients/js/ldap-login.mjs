// Logs in with directory credentials through matrix-js-sdk, asks whoami and logs out.
// Usage: node ldap-login.mjs BASE_URL USERNAME PASSWORD   — prints one JSON line, exits 1 on failure.
import * as sdk from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");
const [baseUrl, username, password] = process.argv.slice(2);

async function main() {
  const client = sdk.createClient({ baseUrl });
  const flows = await client.loginFlows();
  // The SDK's own password login: it fills in the identifier and keeps the access token.
  const login = await client.loginWithPassword(username, password);
  const whoami = await client.whoami();
  await client.logout(true);
  console.log(JSON.stringify({
    passwordFlow: flows.flows.some((f) => f.type === "m.login.password"),
    login: login.user_id,
    whoami: whoami.user_id,
  }));
}

main().catch((e) => {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "");
  process.exit(1);
});
