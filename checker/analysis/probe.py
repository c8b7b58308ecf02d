"""A cheap pre-test for a regular expression: the literals every match holds.

``Probe(pattern).may_match(text)`` is False only when ``text`` lacks every literal of
one of the pattern's requirement sets (:func:`checker.checks._prefilter.requirements`):
then ``pattern`` cannot match ``text``, nor any part of it. Looking for a few literals
with ``str.__contains__`` (a fast substring search) is much faster than trying a
pattern at every position, above all one that starts with a lookbehind or with a
common character. True means only "search the pattern".
"""

from __future__ import annotations

import re

from checker.checks._prefilter import alternation, requirements

FEW = 8  # a set of at most this many literals is looked up literal by literal


class Probe:
    __slots__ = ("tests",)

    def __init__(self, pattern: re.Pattern):
        sets = requirements(pattern.pattern) if not pattern.flags & ~re.UNICODE else []
        # a tuple: its literals one by one; a pattern: one scan for a larger set
        self.tests = [tuple(needles) if len(needles) <= FEW else alternation(needles) for needles in sets]

    def may_match(self, text: str) -> bool:
        for test in self.tests:
            if type(test) is tuple:
                for needle in test:
                    if needle in text:
                        break
                else:
                    return False
            elif test.search(text) is None:
                return False
        return True
