"""The data files keep the promises their headers make: a phrase names one concept, a word counts one kind of
thing, a direction word points one way, and every list names groups that exist."""
from __future__ import annotations

from collections import defaultdict

import pytest

from linter.concepts import load_vocabulary
from linter.language import phrase_keys
from linter.settings import data_file


def _owners(entries):
    """key -> the groups it is listed in (more than one breaks the file's promise)."""
    owners = defaultdict(set)
    for group, items in entries:
        for item in items:
            owners[item].add(group)
    return {k: v for k, v in owners.items() if len(v) > 1}


def test_a_phrase_belongs_to_one_concept_group():
    groups = [(i, {phrase_keys(str(p)) for p in g}) for i, g in enumerate(data_file("lay_clinical.yaml")) if g]
    clashes = _owners(groups)
    assert not clashes, {" ".join(k): [data_file("lay_clinical.yaml")[i][0] for i in v] for k, v in clashes.items()}


def test_a_word_counts_one_kind_of_thing():
    classes = data_file("counted_nouns.yaml")
    clashes = _owners((cls, {str(w).lower() for w in words or []}) for cls, words in classes.items())
    assert not clashes, clashes


def test_a_direction_word_points_one_way():
    directions = data_file("directions.yaml")
    clashes = _owners((d, {str(w).lower() for w in words}) for d, words in directions.items())
    assert not clashes, clashes


@pytest.mark.parametrize("name", ["measures.yaml", "conditions.yaml", "animals.yaml", "condition_organs.yaml"])
def test_every_listed_phrase_names_a_concept_group(name):
    vocab = load_vocabulary()
    data = data_file(name)
    phrases = [p for item in data for p in (item if isinstance(item, list) else [item])] if isinstance(data, list) \
        else [p for k, v in data.items() for p in [k, *v]]
    missing = [p for p in phrases if phrase_keys(str(p)) not in vocab.phrases]
    assert not missing, f"{name}: {missing} name no group in lay_clinical.yaml"


def test_a_concept_is_a_name_of_one_measure():
    vocab = load_vocabulary()
    families = [(i, {vocab.phrases.get(phrase_keys(str(p))) for p in (f if isinstance(f, list) else [f])})
                for i, f in enumerate(data_file("measures.yaml"))]
    assert not _owners(families)


def test_a_hedge_sets_one_bound():
    hedges = data_file("hedges.yaml")
    rules = [("around", set(hedges["around"]))]
    for direction in ("above", "below"):
        rules += [(f"{direction} {kind}", set(words)) for kind, words in hedges[direction].items()]
    assert not _owners(rules)


def test_a_measure_has_one_better_way_and_every_listed_measure_exists():
    from linter.language import plain_tokens
    from linter.page_claims import _valence_families
    vocab = load_vocabulary()
    data = data_file("measure_valence.yaml")
    for key in ("higher_is_better", "lower_is_better"):
        for phrase in data[key]:
            assert vocab.concepts(plain_tokens(str(phrase))) & set(vocab.measure_family), (key, phrase)
    higher, lower = _valence_families(vocab)
    assert higher and lower and not higher & lower
