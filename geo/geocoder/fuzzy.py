"""Known keys within an edit or two of an unknown one: typos and odd spellings.

Symmetric deletion (as in SymSpell): every known key is stored under itself and
each of its one-letter deletions, so a look-up costs a few dictionary probes
instead of a scan of the vocabulary; a real edit distance then confirms.
"""

from collections import defaultdict

MIN_LENGTH = 5  # shorter words are too easily one letter from another word
_LONG = 8  # from this length on, two edits are still the same word
_CACHE_LIMIT = 100_000


class FuzzyKeys:
    def __init__(self, keys: frozenset[str]) -> None:
        self._by_deletion: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            if len(key) >= MIN_LENGTH:
                for variant in (key, *deletions(key)):
                    self._by_deletion[variant].append(key)
        self._cache: dict[str, tuple[str, ...]] = {}

    def near(self, key: str) -> tuple[str, ...]:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found: set[str] = set()
        if len(key) >= MIN_LENGTH:
            for variant in (key, *deletions(key)):
                found.update(self._by_deletion.get(variant, ()))
        limit = 1 if len(key) < _LONG else 2
        cached = tuple(sorted(k for k in found if k != key and within(key, k, limit)))
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()  # input is unbounded; memory must not be
        self._cache[key] = cached
        return cached


def deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def within(a: str, b: str, limit: int) -> bool:
    """Whether the Levenshtein distance of a and b is at most limit."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
