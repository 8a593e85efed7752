// Alice uploads an image with matrix-js-sdk, then downloads it and a thumbnail through the URLs the
// SDK builds for authenticated media (v1.11), as Element does. Usage: node media.mjs BASE_URL PREFIX IMAGE_FILE
// Prints one JSON line: what came back and how it compares; exits 1 on failure or after 60 s.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import * as sdk from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");
const [baseUrl, prefix, imageFile] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out after 60 s")), 60_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "");
  process.exit(1);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error("the thumbnail is not a PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function get(url, accessToken) {
  const response = await fetch(url, { headers: { Authorization: "Bearer " + accessToken } });
  return { status: response.status, type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"), bytes: Buffer.from(await response.arrayBuffer()) };
}

async function main() {
  const anonymous = sdk.createClient({ baseUrl });
  const r = await anonymous.registerRequest({ username: prefix + "alice", password: "pw media",
    auth: { type: "m.login.dummy" } });
  const client = sdk.createClient({ baseUrl, accessToken: r.access_token, userId: r.user_id, deviceId: r.device_id });

  const image = readFileSync(imageFile);
  const config = await client.getMediaConfig();
  const { content_uri: contentUri } = await client.uploadContent(new Blob([image], { type: "image/png" }),
    { name: "picture.png", type: "image/png" });

  const downloadUrl = client.mxcUrlToHttp(contentUri, undefined, undefined, undefined, false, true, true);
  const download = await get(downloadUrl, r.access_token);
  const thumbnailUrl = client.mxcUrlToHttp(contentUri, 96, 96, "crop", false, true, true);
  const thumbnail = await get(thumbnailUrl, r.access_token);
  const anonymousDownload = await fetch(downloadUrl);

  console.log(JSON.stringify({
    contentUri,
    uploadLimit: config["m.upload.size"],
    downloadUrl: downloadUrl.replace(baseUrl, ""),
    downloadStatus: download.status,
    downloadType: download.type,
    downloadDisposition: download.disposition,
    sameBytes: sha256(download.bytes) === sha256(image) && download.bytes.length === image.length,
    thumbnailUrl: thumbnailUrl.replace(baseUrl, ""),
    thumbnailStatus: thumbnail.status,
    thumbnailType: thumbnail.type,
    thumbnail: thumbnail.status === 200 ? pngSize(thumbnail.bytes) : null,
    anonymousStatus: anonymousDownload.status,
  }));
  clearTimeout(deadline);
  process.exit(0);
}

main().catch(fail);
