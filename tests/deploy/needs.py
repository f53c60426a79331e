"""What the shared deployment's tests need: Debian's nginx (and Chromium, for the pages)."""

from __future__ import annotations

import os

import pytest

from deploy.serve_shared import nginx_binary


def require_nginx() -> None:
    """At the top of a module: skip it where nginx is absent, except in CI (CI=true), where a missing
    nginx is a failure (.ci/run installs it, as it installs Chromium)."""
    if nginx_binary() is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI needs nginx for the shared deployment's tests (apt-get install nginx)")
        pytest.skip("nginx not found: install Debian's nginx to test the shared deployment", allow_module_level=True)
