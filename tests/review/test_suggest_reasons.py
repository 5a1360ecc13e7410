"""What a merge suggestion says its two entries share, in the reviewer's words."""

from __future__ import annotations

from workbench.review.suggest import Profile, features


def _profile(gid: int, events: set[str]) -> Profile:
    return Profile(id=gid, title=f"entry {gid}", event_date="2010-01-13", status="pending",
                   sources=1, events=frozenset(events))


def test_a_shared_event_word_is_named():
    _, reasons = features(_profile(1, {"strike", "ATTACK"}), _profile(2, {"strike", "ATTACK"}))
    assert "event: strike" in reasons


def test_only_a_shared_kind_of_event_is_said_as_a_kind_in_lower_case():
    # a tester read "event: ATTACK" as shouting, and as a word neither entry uses
    _, reasons = features(_profile(1, {"strike", "ATTACK"}), _profile(2, {"shell", "ATTACK"}))
    assert "event kind: attack" in reasons
    assert not any("ATTACK" in r for r in reasons)
