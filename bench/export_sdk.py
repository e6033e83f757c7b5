# export_sdk.py — the official Python SDK's get_log_all (the SDK's own code,
# unchanged, from the source tree on PYTHONPATH) exporting every row of a
# logstore from slsd, for bench/export_sdk.sh: prints "ROWS SECONDS".
#
#   PYTHONPATH=SDK_TREE python3 export_sdk.py ENDPOINT ID SECRET PROJECT LOGSTORE FROM TO
#
# slsd takes the project from the Host header ({project}.127.0.0.1), which
# no resolver knows: name lookups of *.127.0.0.1 are answered with
# 127.0.0.1 here, outside the SDK.
import socket
import sys
import time

_getaddrinfo = socket.getaddrinfo


def _loopback(host, *args, **kwargs):
    if isinstance(host, str) and host.endswith(".127.0.0.1"):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _loopback

from aliyun.log import LogClient  # noqa: E402

endpoint, ak_id, ak_secret, project, logstore, frm, to = sys.argv[1:8]
client = LogClient(endpoint, ak_id, ak_secret)
t0 = time.time()
rows = 0
for resp in client.get_log_all(project, logstore, int(frm), int(to), query="*"):
    rows += resp.get_count()
print(rows, "%.3f" % (time.time() - t0))
