"""Safety and policy: the brand's restricted terms, profanity, unverifiable claims, engagement
bait and missing paid-partnership disclosures, each found with where it is and what it costs.

Terms (restricted or profane) match as whole words or phrases, case-insensitively, with their
plural, and also as words inside hashtags (see :class:`TermMatcher`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pressroom.scoring import rules
from pressroom.scoring.rules import FINDING_RULES, FindingCode, Severity
from pressroom.scoring.texts import HASHTAG

# Inside a hashtag a term may also start or end the tag ("#detoxcoffee"), but only when it is
# long enough not to be part of an innocent word ("#hello" is not "hell").
MIN_AFFIX_LENGTH = 5

_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_PLURAL_ES = ("s", "x", "z", "ch", "sh")


@dataclass(frozen=True)
class Finding:
    """One safety problem: its kind, the words that triggered it and where they are."""

    code: FindingCode
    term: str
    start: int
    end: int

    @property
    def severity(self) -> Severity:
        return FINDING_RULES[self.code].severity

    @property
    def penalty(self) -> float:
        return FINDING_RULES[self.code].penalty

    def reason(self) -> str:
        """The finding as a sentence for the score card."""
        return FINDING_RULES[self.code].reason.format(term=self.term)

    def as_detail(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "term": self.term,
            "severity": str(self.severity),
            "penalty": self.penalty,
            "position": self.start,
        }


@dataclass(frozen=True)
class SafetyResult:
    """The safety sub-score and the findings behind it, in text order."""

    score: float
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.BLOCK)

    def as_detail(self) -> dict[str, Any]:
        return {
            "findings": [f.as_detail() for f in self.findings],
            "penalty_total": round(sum(f.penalty for f in self.findings), 4),
        }


@dataclass(frozen=True)
class TermHit:
    term: str
    start: int
    end: int


class TermMatcher:
    """Finds listed terms in text and inside hashtags."""

    def __init__(self, terms: Iterable[str]) -> None:
        normalised = {" ".join(term.lower().split()) for term in terms}
        # Longest first, so a phrase wins over a word it contains at the same position.
        self._terms = tuple(sorted((t for t in normalised if t), key=lambda t: (-len(t), t)))
        alternatives = "|".join(f"({_term_body(term)})" for term in self._terms)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self._words = frozenset(term for term in self._terms if " " not in term)
        self._phrases = tuple(tuple(term.split()) for term in self._terms if " " in term)
        self._joined = {term.replace(" ", ""): term for term in self._terms}
        affixes = "|".join(re.escape(j) for j in self._joined if len(j) >= MIN_AFFIX_LENGTH)
        self._prefix = re.compile(rf"^(?:{affixes})") if affixes else None
        self._suffix = re.compile(rf"(?:{affixes})$") if affixes else None

    def find(self, text: str) -> list[TermHit]:
        """Every occurrence of every term, in the text and inside its hashtags."""
        if not self._terms:
            return []
        hits = [
            TermHit(self._terms[(match.lastindex or 1) - 1], match.start(), match.end())
            for match in self._pattern.finditer(text)
        ]
        for tag in HASHTAG.finditer(text):
            hits.extend(
                TermHit(term, tag.start(), tag.end()) for term in self._in_hashtag(tag.group(1))
            )
        return sorted(hits, key=lambda hit: (hit.start, hit.term))

    def _in_hashtag(self, tag: str) -> list[str]:
        """Terms that are words of the tag, or (long enough) start or end it."""
        parts = tuple(part.lower() for part in _CAMEL_PART.findall(tag))
        found = set(self._words.intersection(parts))
        found.update(" ".join(words) for words in self._phrases if _has_run(parts, words))
        body = tag.lower()
        for affix in (self._prefix, self._suffix):
            if affix is not None and (match := affix.search(body)):
                found.add(self._joined[match.group(0)])
        return sorted(found)


def _term_body(term: str) -> str:
    words = r"\s+".join(re.escape(word) for word in term.split())
    plural = "(?:es)?" if term.endswith(_PLURAL_ES) else "s?"
    return f"{words}{plural}"


def _has_run(parts: tuple[str, ...], words: tuple[str, ...]) -> bool:
    size = len(words)
    return any(parts[i : i + size] == words for i in range(len(parts) - size + 1))


@lru_cache(maxsize=256)
def term_matcher(terms: tuple[str, ...]) -> TermMatcher:
    """A matcher for ``terms``, built once per distinct list (brands rarely change theirs)."""
    return TermMatcher(terms)


def check_safety(*, text: str, restricted_terms: Sequence[str]) -> SafetyResult:
    """Every safety finding in ``text`` (the published text of a piece) and the score left
    after their penalties: ``max(0, 1 - sum of penalties)``."""
    term_findings = [
        *_term_findings(text, tuple(restricted_terms), FindingCode.RESTRICTED_TERM),
        *_term_findings(text, rules.profanity("severe"), FindingCode.PROFANITY),
        *_term_findings(text, rules.profanity("mild"), FindingCode.MILD_PROFANITY),
    ]
    taken = [(f.start, f.end) for f in term_findings]
    findings = _unique(
        [
            *term_findings,
            *_claim_findings(text, taken),
            *_bait_findings(text),
            *_disclosure_findings(text),
        ]
    )
    penalty = sum(finding.penalty for finding in findings)
    return SafetyResult(score=round(max(0.0, 1.0 - penalty), 4), findings=findings)


def _term_findings(text: str, terms: tuple[str, ...], code: FindingCode) -> list[Finding]:
    return [Finding(code, hit.term, hit.start, hit.end) for hit in term_matcher(terms).find(text)]


def _claim_findings(text: str, taken: list[tuple[int, int]]) -> list[Finding]:
    sourced = rules.LINK.search(text) is not None
    findings = []
    for lint in rules.CLAIM_LINTS:
        if lint.code is FindingCode.UNSOURCED_CLAIM and sourced:
            continue
        for match in lint.pattern.finditer(text):
            # A claim already reported as a restricted term or profanity is not counted twice.
            if not any(start < match.end() and match.start() < end for start, end in taken):
                findings.append(_match_finding(lint.code, match))
    return findings


def _bait_findings(text: str) -> list[Finding]:
    return [
        _match_finding(FindingCode.ENGAGEMENT_BAIT, match)
        for pattern in rules.ENGAGEMENT_BAIT
        for match in pattern.finditer(text)
    ]


def _disclosure_findings(text: str) -> list[Finding]:
    if any(marker.search(text) for marker in rules.DISCLOSURE_MARKERS):
        return []
    triggers = [m for pattern in rules.DISCLOSURE_TRIGGERS if (m := pattern.search(text))]
    if not triggers:
        return []
    first = min(triggers, key=lambda match: match.start())
    return [_match_finding(FindingCode.MISSING_DISCLOSURE, first)]


def _match_finding(code: FindingCode, match: re.Match[str]) -> Finding:
    return Finding(code, " ".join(match.group(0).lower().split()), match.start(), match.end())


def _unique(findings: list[Finding]) -> tuple[Finding, ...]:
    """One finding per (code, term): the first occurrence, ordered by position in the text."""
    first: dict[tuple[FindingCode, str], Finding] = {}
    for finding in sorted(findings, key=lambda f: (f.start, f.code, f.term)):
        first.setdefault((finding.code, finding.term), finding)
    return tuple(first.values())
