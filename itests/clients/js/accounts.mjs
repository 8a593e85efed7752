// Registers, logs in, asks whoami and logs out with matrix-js-sdk against a Hearth server.
// Usage: node accounts.mjs BASE_URL USERNAME PASSWORD   — prints one JSON line, exits 1 on failure.
import * as sdk from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");
const [baseUrl, username, password] = process.argv.slice(2);

async function main() {
  const anonymous = sdk.createClient({ baseUrl });
  const versions = await anonymous.getVersions();

  // Registration through the SDK's own User-Interactive Auth handling.
  const registered = await anonymous.registerRequest({
    username, password, auth: { type: "m.login.dummy" }, initial_device_display_name: "js-sdk",
  });

  const loginClient = sdk.createClient({ baseUrl });
  const login = await loginClient.loginRequest({
    type: "m.login.password",
    identifier: { type: "m.id.user", user: username },
    password,
    initial_device_display_name: "js-sdk login",
  });

  const client = sdk.createClient({ baseUrl, accessToken: login.access_token, userId: login.user_id, deviceId: login.device_id });
  const whoami = await client.whoami();
  const devices = await client.getDevices();
  await client.logout(true);

  let afterLogout;
  try {
    await client.whoami();
    afterLogout = "still valid";
  } catch (e) {
    afterLogout = e.errcode;
  }
  console.log(JSON.stringify({
    versions: versions.versions.length,
    registered: registered.user_id,
    login: login.user_id,
    whoami: whoami.user_id,
    device: whoami.device_id === login.device_id,
    devices: devices.devices.length,
    afterLogout,
  }));
}

main().catch((e) => {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "");
  process.exit(1);
});
