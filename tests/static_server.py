"""Debian's nginx for the tests: the published site served with its own rewrite rules, under a temporary prefix.

The fixture `nginx` (tests/test_publish_site.py) uses `running_nginx`: a main configuration written to a
temporary folder includes the site's `nginx.conf` in `http {}` and `nginx-server.conf` in the
`server {}` on a free loopback port; pid, logs and temporary files stay in that folder, and the
server is stopped (TERM, then KILL) at the end.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from ld_server import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def main_config(site: Path, prefix: Path, port: int) -> str:
    """The smallest nginx.conf that serves `site` with its rules, everything it writes kept under `prefix`."""
    temp = "\n".join(
        f"  {name}_temp_path {prefix / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would run as nobody and not read a test's private temporary folder.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return f"""daemon off;
{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
{temp}
  include {site / "nginx.conf"};
  server {{
    listen 127.0.0.1:{port};
    root {site};
    include {site / "nginx-server.conf"};
  }}
}}
"""


@contextmanager
def running_nginx(site: Path, prefix: Path) -> Iterator[str]:
    """Start nginx over a published site and yield its root URL; stop it afterwards."""
    port = free_port()
    config = prefix / "nginx.conf"
    config.write_text(main_config(site, prefix, port))
    checked = subprocess.run(
        [NGINX, "-t", "-q", "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", str(config)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                home = httpx.get(url + "index.html", timeout=1)
                assert home.status_code == 200, (prefix / "error.log").read_text()
                break
            except httpx.TransportError:
                assert process.poll() is None, (prefix / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not answer within 30 s"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
