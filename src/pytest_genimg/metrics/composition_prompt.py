"""A small parser from simple prompts to a composition request (GenEval's prompt shapes):
"two red apples to the left of a bowl" -> objects {"apple": {"count": 2, "color": "red"}, "bowl": ">=1"},
relations [("apple", "left of", "bowl")]. It is deliberately small: what it cannot read it refuses,
and the parse is printed in every composition message so nobody trusts a wrong one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import usage
from .composition import COLOR_ALIASES, PALETTE

NUMBERS = {"no": 0, "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
           "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child", "mice": "mouse",
             "geese": "goose", "feet": "foot", "teeth": "tooth", "knives": "knife", "leaves": "leaf",
             "wolves": "wolf", "sheep": "sheep", "fish": "fish", "deer": "deer", "glasses": "glass",
             "buses": "bus", "boxes": "box", "benches": "bench", "dishes": "dish", "sandwiches": "sandwich"}
# Longest first, so "to the left of" wins over "left of".
_RELATIONS = {
    "to the left of": "left of", "on the left of": "left of", "left of": "left of",
    "to the right of": "right of", "on the right of": "right of", "right of": "right of",
    "on top of": "above", "above": "above", "over": "above",
    "underneath": "below", "beneath": "below", "below": "below", "under": "below",
    "next to": "near", "close to": "near", "beside": "near", "near": "near",
    "inside": "inside", "in": "inside", "within": "inside",
}
_PREFIX = re.compile(r"^(a |an )?(photo|picture|image|painting|drawing|render(ing)?) of ", re.I)
_VERBS = re.compile(r"\b(holding|with|and)\b")
# Where a noun phrase's tail of description starts: "two people | standing side by side".
# Words that start another phrase: one left inside a noun means the prompt holds more than one
# relation or conjunction (or a repeated count) and would be misread as an object's name.
_NOT_IN_A_NOUN = frozenset({"a", "an", "the", "some", "and", "with", "holding", *NUMBERS,
                            *(r for r in _RELATIONS if " " not in r)})
_TAIL = frozenset({"side", "together", "of", "at", "from", "on", "by", "for", "during", "while", "that", "who", "which"})


@dataclass
class ParsedComposition:
    """What :func:`composition_from_prompt` read: the ``objects`` and ``relations`` arguments."""

    prompt: str
    objects: dict[str, Any] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)

    def describe(self) -> str:
        objs = ", ".join(f"{k}: {v}" for k, v in self.objects.items())
        rels = "; ".join(" ".join(r) for r in self.relations)
        return f"parsed {self.prompt!r} as objects {{{objs}}}" + (f", relations [{rels}]" if rels else "")


def singular(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _noun_phrase(text: str, prompt: str) -> tuple[str, Any]:
    words = text.split()
    if not words:
        raise usage("prompt", "simple phrases like 'two red apples left of a bowl'", prompt)
    count: Any = ">=1"
    if words[0] in NUMBERS:
        n = NUMBERS[words.pop(0)]
        count = ">=1" if n == 1 else n
    elif words[0] in ("the", "some"):
        words.pop(0)
    color = None
    if words and COLOR_ALIASES.get(words[0], words[0]) in PALETTE:
        word = words.pop(0)
        color = COLOR_ALIASES.get(word, word)
    cut = next((i for i, w in enumerate(words) if i > 0 and (w in _TAIL or (w.endswith("ing") and len(w) > 4))), len(words))
    words = words[:cut]
    if not words:
        raise usage("prompt", "a noun after the count and colour", prompt)
    if any(w in _NOT_IN_A_NOUN for w in words):  # a second object or relation this grammar cannot hold
        raise usage("prompt", "one object per phrase ([count] [colour] noun): 'NP', 'NP and NP', 'NP holding NP' or 'NP RELATION NP'",
                    prompt)
    noun = singular(" ".join(words))
    return noun, ({"count": count, "color": color} if color else count)


def composition_from_prompt(prompt: str) -> ParsedComposition:
    """Parse "NP", "NP and NP", "NP RELATION NP" or "NP holding NP" prompts (up to the first comma),
    where an NP is [count] [colour] noun [a tail from the first -ing word or "of", "on", "side"... on,
    which is dropped]: "a"/"an"/"one" means at least one, "two".."ten" exactly that many, "no"
    none. Anything else is refused with a usage error, never guessed."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise usage("prompt", "a non-empty prompt string", prompt)
    # A style suffix after the first comma (", photo", ", 4k") says nothing about composition.
    text = _PREFIX.sub("", " ".join(re.sub(r"[^\w\s-]", " ", prompt.lower().split(",")[0]).split()))
    parsed = ParsedComposition(prompt)
    relation = None
    for phrase, canonical in _RELATIONS.items():
        match = re.search(rf"\b{re.escape(phrase)}\b", text)
        if match:
            relation = canonical
            left, right = text[: match.start()].strip(), text[match.end():].strip()
            break
    if relation is None:
        parts = [p.strip() for p in _VERBS.split(text) if p.strip() and p.strip() not in ("holding", "with", "and")]
        phrases = parts
    else:
        phrases = [left, right]
    for phrase in phrases:
        noun, spec = _noun_phrase(phrase, prompt)
        if noun in parsed.objects:
            raise usage("prompt", "each object named once", prompt)
        parsed.objects[noun] = spec
    if relation is not None:
        names = list(parsed.objects)
        parsed.relations.append((names[0], relation, names[1]))
    return parsed
