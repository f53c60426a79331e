"""Running a command as a user whom permission bits stop, also when the tests run as root.

Root ignores a folder's mode (CAP_DAC_OVERRIDE), so a chmod 000 folder stays readable to it. A
child process started with ``preexec_fn=obey_permission_bits`` drops the two capabilities that
override permission bits from its bounding set before exec: the command runs as root still (it
reads the virtualenv under /root), but a 555 folder is read-only to it and a 000 folder unreadable,
and the OS raises a real PermissionError.
"""

from __future__ import annotations

import ctypes
import os

import pytest

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def obey_permission_bits() -> None:
    """preexec_fn: as root, drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH for the command."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def require_permission_bits() -> None:
    """Skip when this process cannot start a child that permission bits stop (root without CAP_SETPCAP)."""
    if os.geteuid() != 0:
        return
    import subprocess
    import sys

    try:
        subprocess.run(
            [sys.executable, "-c", "pass"], preexec_fn=obey_permission_bits, check=True, capture_output=True, timeout=60
        )
    except (subprocess.SubprocessError, OSError):
        pytest.skip("running as root without the capability to drop CAP_DAC_OVERRIDE for a child")
