#!/usr/bin/env python3
"""HS_CMD for SyTest runs that upload placeholder device keys: the shared Hearth adapter
(hearth_hs.py, beside run-sytest.sh), with `e2ee: {verify_device_keys: false}` added to each
hearth.yaml it writes. SyTest's end-to-end key tests upload keys such as "ed25519+key" with no
signature or a made-up one; Hearth refuses those by default, as real clients always sign.

  HEARTH_HOME=distribution/target/hearth \
  HS_CMD="exec python3 $PWD/itests/sytest/hs_unsigned_device_keys.py" \
  ../shared/sytest/run-sytest.sh tests/41end-to-end-keys/*.pl
"""
import json
import os
import runpy

# run-sytest.sh exports SYTEST_PLUGINS=<its directory>/plugins; the adapter sits beside it.
ADAPTER = os.path.join(os.path.dirname(os.environ["SYTEST_PLUGINS"]), "hearth_hs.py")
_dump = json.dump


def dump(conf, f, **kwargs):
    if isinstance(conf, dict) and "server_name" in conf:
        conf.setdefault("e2ee", {})["verify_device_keys"] = False
    return _dump(conf, f, **kwargs)


json.dump = dump
runpy.run_path(ADAPTER, run_name="__main__")
