"""The language data files load, and a malformed one is refused with a message naming it."""

from __future__ import annotations

import pytest

from duban import lexicon


def test_every_data_file_loads() -> None:
    lex = lexicon.load()
    assert lex.units["%"].base == "%"
    assert lex.multipliers["万亿"] == 10**12
    assert lex.alias_to_indicator()["国内生产总值"].name == "地区生产总值"
    assert lex.before["超过"] == "gt" and lex.after["以上"] == "ge"


def test_every_indicator_alias_names_one_indicator() -> None:
    seen: dict[str, str] = {}
    for indicator in lexicon.load().indicators:
        for alias in indicator.aliases:
            assert seen.setdefault(alias, indicator.name) == indicator.name, alias


@pytest.mark.parametrize(
    ("reader", "data", "message"),
    [
        (lexicon._comparator_map, {"before": {"超过": "more"}}, "is not one of"),
        (lexicon._comparator_map, {"before": ["超过"]}, "must be a table"),
        (lexicon._units, {"unit": [{"surface": ["个"]}]}, "'base' must be a string"),
        (lexicon._units, {"unit": []}, "no [[unit]] entries"),
        (
            lexicon._indicators,
            {"indicator": [{"name": "GDP", "aliases": "GDP"}]},
            "list of non-empty strings",
        ),
        (
            lexicon._outline,
            {"numbering": [["cn", "[一"]], "review_cues": [], "plan_cues": []},
            "does not compile",
        ),
        (
            lexicon._document,
            {"speaker_titles": ["省长"], "level_suffixes": [["省", "state"]]},
            "is not one of",
        ),
    ],
    ids=[
        "unknown comparator",
        "comparators not a table",
        "unit without base",
        "no units",
        "aliases not a list",
        "heading pattern broken",
        "unknown level",
    ],
)
def test_malformed_data_is_refused(reader, data, message) -> None:
    args = (data, "before", "data/comparators.toml") if reader is lexicon._comparator_map else (data,)
    with pytest.raises(lexicon.LexiconError, match=message.replace("[", r"\[")):
        reader(*args)
