"""read_capped: the bytes of a file, refused past the limit, whatever fstat says."""

from __future__ import annotations

import os

import pytest

from checker.errors import InputError
from checker.read import limits


def test_regular_file_read_whole(tmp_path):
    data = os.urandom(300_000)
    (tmp_path / "a.docx").write_bytes(data)
    assert limits.read_capped(tmp_path / "a.docx", 1_000_000) == data
    (tmp_path / "empty.txt").write_bytes(b"")
    assert limits.read_capped(tmp_path / "empty.txt", 10) == b""


def test_file_at_the_limit_is_read_and_past_it_refused(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"x" * 100)
    assert limits.read_capped(tmp_path / "a.txt", 100) == b"x" * 100
    with pytest.raises(InputError, match="过大"):
        limits.read_capped(tmp_path / "a.txt", 99)


@pytest.mark.parametrize("reported", [0, 1, 50])
def test_file_that_grew_after_fstat_is_read_on_up_to_the_limit(tmp_path, monkeypatch, reported):
    """fstat saw a smaller file than the read finds (it grew in between): the rest is read
    too, and the limit still holds."""
    real_fstat = os.fstat

    class Smaller:
        def __init__(self, st):
            self.st_mode, self.st_size = st.st_mode, reported

    monkeypatch.setattr(limits.os, "fstat", lambda fd: Smaller(real_fstat(fd)))
    (tmp_path / "a.txt").write_bytes(b"y" * 5000)
    assert limits.read_capped(tmp_path / "a.txt", 5000) == b"y" * 5000
    with pytest.raises(InputError, match="过大"):
        limits.read_capped(tmp_path / "a.txt", 4999)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_endless_device_read_only_to_the_limit():
    with pytest.raises(InputError, match="过大"):
        limits.read_capped("/dev/zero", 1000)
