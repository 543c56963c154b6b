"""Right-to-left text: bidi embedding levels per paragraph, visual order per line.

The Unicode bidi algorithm resolves levels for a whole paragraph but reorders
each line on its own (UAX #9, rules L1 and L2). Reordering a paragraph before
wrapping it puts the last words of an Arabic sentence on its first line, so
this module splits the two: `paragraph_levels` once per paragraph, then
`visual_order` for each wrapped line.

Levels come from python-bidi's pure-Python implementation (its Rust one
returns only the reordered string, not the levels).
"""

from __future__ import annotations

from unicodedata import bidirectional

from bidi import algorithm as _bidi

# Characters the algorithm drops (rule X9): explicit embeddings and boundary
# neutrals such as the zero-width non-joiner Farsi uses inside words.
_REMOVED = frozenset(_bidi.X9_REMOVED)


def paragraph_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character of one paragraph.

    `rtl` sets the paragraph direction from the document's language rather
    than guessing it from the first strong letter: an Arabic packet line that
    starts with a Latin name is still a right-to-left line.
    """
    base = 1 if rtl else 0
    kept = [i for i, char in enumerate(text) if bidirectional(char) not in _REMOVED]
    storage = _bidi.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if rtl else "L"
    # Given the whole text, the algorithm drops the X9 characters itself after
    # applying the embeddings they open and close.
    _bidi.get_embedding_levels(text, storage)
    _bidi.explicit_embed_and_overrides(storage)
    _bidi.resolve_weak_types(storage)
    _bidi.resolve_neutral_types(storage, False)
    _bidi.resolve_implicit_levels(storage, False)
    resolved = [char["level"] for char in storage["chars"]]
    if len(resolved) != len(kept):
        # Never expected; a wrong order is better than a crash in a packet.
        return [base] * len(text)
    levels = [base] * len(text)
    for index, level in zip(kept, resolved, strict=True):
        levels[index] = level
    # A removed character takes the level of the one before it (UAX #9, X9 note).
    previous = base
    kept_set = set(kept)
    for index in range(len(text)):
        if index in kept_set:
            previous = levels[index]
        else:
            levels[index] = previous
    return levels


def line_levels(text: str, levels: list[int], start: int, end: int, rtl: bool) -> list[int]:
    """The levels of ``text[start:end]`` as one line, after rule L1.

    Whitespace at the end of a line, and before tabs, goes back to the
    paragraph level, so a trailing space never lands in the middle of a line.
    """
    base = 1 if rtl else 0
    result = levels[start:end]
    trailing = True
    for offset in range(end - start - 1, -1, -1):
        kind = bidirectional(text[start + offset])
        if kind in ("S", "B"):
            result[offset] = base
            trailing = True
        elif (trailing and kind in ("WS", "BN")) or kind in ("LRI", "RLI", "FSI", "PDI"):
            result[offset] = base
        else:
            trailing = False
    return result


def visual_order(run_levels: list[int]) -> list[int]:
    """Indices of runs (or characters) in left-to-right display order (rule L2).

    From the highest level down to the lowest odd level, every maximal
    sequence at that level or higher is reversed.
    """
    order = list(range(len(run_levels)))
    if not run_levels:
        return order
    highest = max(run_levels)
    odd = [level for level in run_levels if level % 2]
    if not odd:
        return order
    lowest_odd = min(odd)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if run_levels[order[index]] >= level:
                stop = index
                while stop < len(order) and run_levels[order[stop]] >= level:
                    stop += 1
                order[index:stop] = reversed(order[index:stop])
                index = stop
            else:
                index += 1
    return order
