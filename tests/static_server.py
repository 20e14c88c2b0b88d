"""Debian's nginx and Apache for the tests: the published site served with its own rewrite rules.

The fixture `static_server` (tests/test_publish_site.py) uses `running_nginx` and `running_apache`.
For nginx, a main configuration written to a temporary folder includes the site's `nginx.conf` in
`http {}` and `nginx-server.conf` in the `server {}`; for Apache, the site's `.htaccess` is read with
`AllowOverride All`. Each listens on a free loopback port, keeps pid, logs and temporary files in its
folder, and is stopped (TERM, then KILL) at the end.
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
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")


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
    with _serving(process, f"http://127.0.0.1:{port}/", prefix / "error.log") as url:
        yield url


def apache_config(site: Path, prefix: Path, port: int) -> str:
    """The smallest httpd.conf that serves `site` with its .htaccess; as root, workers run as www-data."""
    modules = ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers")
    loads = "\n".join(f"LoadModule {name}_module {APACHE_MODULES / f'mod_{name}.so'}" for name in modules)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    return f"""ServerRoot {prefix}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {prefix / "httpd.pid"}
DefaultRuntimeDir {prefix}
ErrorLog {prefix / "error.log"}
{loads}
{user}TypesConfig /etc/mime.types
DocumentRoot {site}
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory {site}>
  AllowOverride All
  Require all granted
</Directory>
"""


@contextmanager
def running_apache(site: Path, prefix: Path) -> Iterator[str]:
    """Start Apache over a site folder (readable by its workers) and yield its root URL; stop it afterwards."""
    port = free_port()
    config = prefix / "httpd.conf"
    config.write_text(apache_config(site, prefix, port))
    checked = subprocess.run([APACHE, "-t", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [APACHE, "-f", str(config), "-DFOREGROUND"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    with _serving(process, f"http://127.0.0.1:{port}/", prefix / "error.log") as url:
        yield url


@contextmanager
def _serving(process: subprocess.Popen, url: str, log: Path) -> Iterator[str]:
    """Wait until a server gives its home page, yield its URL, stop it at the end."""
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                home = httpx.get(url + "index.html", timeout=1)
                assert home.status_code == 200, log.read_text() if log.exists() else home.text
                break
            except httpx.TransportError:
                assert process.poll() is None, log.read_text() if log.exists() else "the server stopped"
                assert time.monotonic() < deadline, "the server did not answer within 30 s"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
