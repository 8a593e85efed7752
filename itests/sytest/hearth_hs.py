#!/usr/bin/env python3
"""HS_CMD for SyTest against Hearth: the shared adapter (hearth_hs.py beside run-sytest.sh), with
what SyTest's tests need and a production server should not have added to each hearth.yaml:

- e2ee.verify_device_keys: false. SyTest's end-to-end key tests upload placeholder keys such as
  "ed25519+key", unsigned or with made-up signatures; Hearth refuses those by default, as real
  clients always sign.
- rooms.default_room_version: "10" (Synapse's default). SyTest's remote servers support room
  versions up to 11 only, and many federation tests join rooms Hearth creates with its default.
- media.url_preview on, allowed to reach loopback (SyTest serves the pages it previews on
  127.0.0.1), trusting SyTest's CA for its https pages.
- federation: the bundle (bundles/hearth-federation-*.jar) copied into this server's own deploy
  directory, and the federation section the shared adapter writes (SyTest's port, certificate
  and CA, loopback allowed: SyTest plays remote servers named localhost:<port>).
- registration.guest_access: true. SyTest's guest tests register guests (/register?kind=guest),
  which Hearth refuses by default.
- push.allow_private_addresses: true and push.ca_file: SyTest's push gateway listens on loopback,
  with a certificate of SyTest's CA.
- push.legacy_mention_rules: true. SyTest's push tests (written against Synapse) expect a message
  that names a user only in its body to be pushed: "Don't get pushed for rooms you've muted".
- identity.allow_private_addresses: true and identity.ca_file: SyTest's identity server listens
  on loopback with its self-signed certificate for CN=localhost (suite/keys/tls-selfsigned.crt).

.ci/sytest uses it; by hand:
  HEARTH_HOME=distribution/target/hearth HS_CMD="exec python3 $PWD/itests/sytest/hearth_hs.py" \
  ../shared/sytest/run-sytest.sh tests/41end-to-end-keys/*.pl
"""
import glob
import json
import os
import runpy
import shutil

# run-sytest.sh exports SYTEST_PLUGINS=<its directory>/plugins; the adapter sits beside it.
ADAPTER = os.path.join(os.path.dirname(os.environ["SYTEST_PLUGINS"]), "hearth_hs.py")
SYTEST = json.load(open(os.environ["SYTEST_HS_CONFIG"]))
_dump = json.dump


def dump(conf, f, **kwargs):
    if isinstance(conf, dict) and "server_name" in conf:
        conf.setdefault("e2ee", {})["verify_device_keys"] = False
        conf.setdefault("registration", {})["guest_access"] = True
        conf.setdefault("rooms", {})["default_room_version"] = "10"
        conf.setdefault("media", {})["url_preview"] = {
            "enabled": True, "allowed_ranges": ["127.0.0.0/8", "::1/128"], "ca_file": SYTEST["ca_cert"]}
        deploy = os.path.join(os.getcwd(), "deploy")
        os.makedirs(deploy, exist_ok=True)
        for jar in glob.glob(os.path.join(os.environ["HEARTH_HOME"], "bundles", "hearth-federation-*.jar")):
            shutil.copy(jar, deploy)
        conf["deploy_dir"] = deploy
        conf.setdefault("federation", {
            "port": SYTEST["federation_port"], "bind_addresses": [SYTEST["listen_addr"]],
            "tls_certificate": SYTEST["tls_cert"], "tls_private_key": SYTEST["tls_key"],
            "ca_file": SYTEST["ca_cert"], "allow_private_addresses": True})
        conf.setdefault("push", {}).update({"allow_private_addresses": True, "ca_file": SYTEST["ca_cert"],
                                            "legacy_mention_rules": True})
        conf.setdefault("identity", {}).update({"allow_private_addresses": True, "ca_file": os.path.join(
            os.path.dirname(ADAPTER), "suite", "keys", "tls-selfsigned.crt")})
    return _dump(conf, f, **kwargs)


json.dump = dump
runpy.run_path(ADAPTER, run_name="__main__")
