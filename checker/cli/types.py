"""Option types whose refusals are one Chinese line (not click's English usage error)."""

from __future__ import annotations

import click

from checker.errors import UsageError


class Range(click.ParamType):
    """An integer in [low, high]."""

    name = "integer"

    def __init__(self, low: int, high: int, what: str):
        self.low, self.high, self.what = low, high, what

    def get_metavar(self, param, ctx=None) -> str:
        return f"{self.low}-{self.high}"

    def convert(self, value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not (text.lstrip("+-").isascii() and text.lstrip("+-").isdigit()) or len(text) > 12:
                raise UsageError(f"{_name(param)} 应为 {self.low} 到 {self.high} 之间的整数（{self.what}），实际是“{value}”")
            number = int(text)
        if not self.low <= number <= self.high:
            raise UsageError(f"{_name(param)} 应为 {self.low} 到 {self.high} 之间的整数（{self.what}），实际是 {number}")
        return number


class Choice(click.Choice):
    """One of fixed words; a wrong word lists the allowed ones in Chinese."""

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        raise UsageError(f"{_name(param)} 只能是 {'、'.join(self.choices)}，实际是“{value}”")


def _name(param) -> str:
    if param is None:
        return "参数"
    longest = max(param.opts, key=len) if param.opts else param.name
    return longest
