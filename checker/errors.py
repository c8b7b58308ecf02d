"""Errors that reach the user as one clear line (never a traceback)."""

from __future__ import annotations


class FazhiError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing Chinese sentence."""


class InputError(FazhiError):
    """An input file could not be read (corrupt, encrypted, legacy format, ...)."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}：{reason}")


class PackError(FazhiError):
    """A rule pack or config file is invalid; carries file and line."""

    def __init__(self, path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}：{reason}")


class UsageError(FazhiError):
    """Wrong use of the command line or of an API."""


_OS_REASONS = {
    "ENOSPC": "磁盘空间不足", "EDQUOT": "超出磁盘配额", "EFBIG": "文件过大", "EROFS": "只读文件系统",
    "EACCES": "没有权限", "EPERM": "不允许的操作", "ENAMETOOLONG": "文件名过长", "ENOENT": "路径不存在",
    "ENOTDIR": "路径中有一段不是文件夹", "EISDIR": "这是一个文件夹", "ELOOP": "符号链接形成循环",
    "EIO": "输入输出错误", "ENXIO": "设备或管道没有接收方", "EMLINK": "链接数过多", "EXDEV": "跨文件系统",
}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for an operating-system error (full disk, no permission, …)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or exc.strerror or type(exc).__name__
