"""A cheap pre-test for a regular expression: the literals every match holds.

``Probe(pattern).may_match(text)`` is False only when ``text`` lacks every literal of
one of the pattern's requirement sets (:func:`checker.checks._prefilter.requirements`):
then ``pattern`` cannot match ``text``, nor any part of it. Searching a long text for a
few literals is much faster than trying a pattern that starts with a lookbehind, or
with a common character, at every position. True means only "search the pattern".
"""

from __future__ import annotations

import re

from checker.checks._prefilter import alternation, requirements


class Probe:
    __slots__ = ("tests",)

    def __init__(self, pattern: re.Pattern):
        sets = requirements(pattern.pattern) if not pattern.flags & ~re.UNICODE else []
        self.tests = [alternation(needles) for needles in sets]

    def may_match(self, text: str) -> bool:
        for test in self.tests:
            if test.search(text) is None:
                return False
        return True
