"""Logs in, asks whoami and logs out with matrix-nio (Debian's python3-matrix-nio) against Hearth.

Usage: /usr/bin/python3 accounts.py BASE_URL USERNAME PASSWORD
Prints one JSON line; exits 1 on failure.
"""
import asyncio
import json
import sys

from nio import AsyncClient, LoginResponse, LogoutResponse, RegisterResponse
from nio.responses import WhoamiResponse


async def main(base_url, username, password):
    client = AsyncClient(base_url, username)
    registered = await client.register(username, password, "nio")
    if not isinstance(registered, RegisterResponse):
        raise RuntimeError(f"register failed: {registered}")
    await client.close()

    client = AsyncClient(base_url, username)
    login = await client.login(password, device_name="nio login")
    if not isinstance(login, LoginResponse):
        raise RuntimeError(f"login failed: {login}")
    whoami = await client.whoami()
    if not isinstance(whoami, WhoamiResponse):
        raise RuntimeError(f"whoami failed: {whoami}")
    logout = await client.logout()
    if not isinstance(logout, LogoutResponse):
        raise RuntimeError(f"logout failed: {logout}")
    await client.close()
    print(json.dumps({"registered": registered.user_id, "login": login.user_id,
                      "whoami": whoami.user_id, "device": login.device_id}))


if __name__ == "__main__":
    try:
        asyncio.run(main(*sys.argv[1:4]))
    except Exception as e:  # noqa: BLE001 - any failure is a test failure, reported on one line
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
