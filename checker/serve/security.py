"""Passwords, tokens, sessions, CSRF and the headers every response carries.

- the reviewer's password is stored as ``scrypt$n$r$p$salt$hash`` (hashlib.scrypt, 16-byte salt);
- upload links and check ids are ``secrets.token_urlsafe`` values, compared with
  ``hmac.compare_digest``;
- the session cookie holds a random value; the database keeps only its SHA-256;
- CSRF: a random ``fazhi_csrf`` cookie and, in every form, an HMAC of it under the server's
  secret (a signed double-submit token: a cookie planted by someone else is useless without
  the secret); ``fetch`` uploads send the same token in ``X-CSRF-Token``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time

SESSION_COOKIE = "fazhi_session"
CSRF_COOKIE = "fazhi_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
MIN_PASSWORD = 8

_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",  # upload links carry their token in the path
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_equal(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not password:
        return False
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def password_problem(password: str, repeated: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"密码至少需要 {MIN_PASSWORD} 个字符"
    if password != repeated:
        return "两次输入的密码不一致"
    return None


def csrf_token(secret: str, cookie_value: str) -> str:
    return hmac.new(secret.encode("utf-8"), cookie_value.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, cookie_value: str | None, sent: str | None) -> bool:
    if not cookie_value or not sent:
        return False
    return hmac.compare_digest(csrf_token(secret, cookie_value), sent)


class LoginThrottle:
    """At most ``limit`` failed sign-ins per client within ``window`` seconds."""

    def __init__(self, limit: int = 10, window: float = 300.0):
        self.limit, self.window = limit, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> list[float]:
        cutoff = time.monotonic() - self.window
        recent = [t for t in self._failures.get(client, []) if t > cutoff]
        self._failures[client] = recent
        return recent

    def blocked(self, client: str) -> bool:
        with self._lock:
            return len(self._recent(client)) >= self.limit

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(time.monotonic())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
