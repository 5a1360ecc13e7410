"""Event classes: words that name the same kind of happening.

Lexical matching cannot see that "talks", "negotiations" and "a meeting" are one kind of
event, or "killed"/"murdered", "hit"/"struck". This is a small, general English lexicon
of frequent news event classes in the spirit of FrameNet frames, written from general
knowledge: no word is taken from an evaluation corpus, though reading the ECB+ dev errors
showed where a class was drawn wrong (a killing apart from a death) or lacked its
commonest words ("beat", "accident"). Two triggers of one class count as a trigger
match of ``GroupingConfig.same_frame_match``, below an exact match: the class says the
kind of event, the other signals (dates, names, text) still say whether it is the same one.
"""

from __future__ import annotations

FRAMES: dict[str, tuple[str, ...]] = {
    "discussion": ("talk", "talks", "negotiation", "negotiate", "discussion", "discuss",
                   "meeting", "meet", "summit", "conference", "convene", "confer",
                   "consultation", "dialogue", "parley"),
    "agreement": ("agree", "agreement", "deal", "accord", "pact", "treaty", "settle",
                  "settlement", "compromise", "ceasefire", "truce"),
    "exchange": ("exchange", "swap", "trade", "handover", "repatriation", "repatriate"),
    "attack": ("attack", "strike", "airstrike", "hit", "bomb", "bombing", "raid", "assault",
               "shell", "shelling", "bombard", "bombardment", "offensive"),
    # a killing is a death: "was killed in the crash" and "died in the crash" tell one
    # event, however differently the sources word it
    "death": ("die", "death", "dead", "perish", "fatality", "kill", "killing", "murder",
              "slay", "slaying", "assassinate", "assassination", "homicide"),
    "injury": ("injure", "injury", "wound", "hurt"),
    "shooting": ("shoot", "shooting", "gunfire", "gunman"),
    "arrest": ("arrest", "detain", "detention", "apprehend", "capture", "custody", "nab"),
    "charge": ("charge", "indict", "indictment", "prosecute", "prosecution"),
    "conviction": ("convict", "conviction", "sentence", "jail", "imprison", "imprisonment"),
    "trial": ("trial", "hearing", "testify", "testimony"),
    # (an aftershock is a later quake of its own, not another word for the quake: "a 5.9
    # aftershock" neither repeats nor contradicts "the 7.0 quake")
    "earthquake": ("earthquake", "quake", "tremor", "temblor"),
    "fire": ("fire", "blaze", "wildfire", "burn", "inferno"),
    "storm": ("storm", "hurricane", "cyclone", "typhoon", "tornado"),
    "flood": ("flood", "flooding", "inundate"),
    "crash": ("crash", "accident", "collide", "collision", "derail", "derailment"),
    "explosion": ("explode", "explosion", "blast", "detonate", "detonation"),
    "election": ("election", "elect", "vote", "ballot", "poll", "reelect"),
    "resignation": ("resign", "resignation", "quit", "step"),
    "appointment": ("appoint", "appointment", "nominate", "nomination", "hire", "name"),
    "dismissal": ("dismiss", "dismissal", "sack", "oust", "ouster", "fire"),
    "acquisition": ("acquire", "acquisition", "buy", "purchase", "takeover", "merger", "merge"),
    "launch": ("launch", "unveil", "introduce", "introduction", "debut", "release",
               "present", "presentation", "showcase"),
    "protest": ("protest", "demonstration", "demonstrate", "rally", "march"),
    "rescue": ("rescue", "evacuate", "evacuation", "save"),
    "escape": ("escape", "flee", "breakout"),
    "withdrawal": ("withdraw", "withdrawal", "retreat", "pullout"),
    "invasion": ("invade", "invasion", "incursion", "advance"),
    "damage": ("damage", "destroy", "destruction", "wreck", "devastate", "devastation",
               "ruin"),
    "disruption": ("disrupt", "disruption", "outage", "blackout", "interruption", "downtime",
                   "shutdown"),
    "theft": ("steal", "theft", "rob", "robbery", "burglary", "burgle", "heist", "loot",
              "looting"),
    "kidnapping": ("kidnap", "kidnapping", "abduct", "abduction"),
    "hijacking": ("hijack", "hijacking"),
    "lawsuit": ("sue", "lawsuit", "litigation"),
    "investigation": ("investigate", "investigation", "probe", "inquiry"),
    "marriage": ("marry", "marriage", "wedding", "wed"),
    "visit": ("visit", "trip", "tour"),
    "repair": ("repair", "fix", "patch", "restore", "restoration", "mend"),
    "victory": ("win", "victory", "triumph", "beat", "defeat"),
    "cancellation": ("cancel", "cancellation", "scrap"),
    "postponement": ("postpone", "postponement", "delay", "reschedule"),
    "eruption": ("erupt", "eruption"),
    "sinking": ("sink", "capsize"),
    "bankruptcy": ("bankruptcy", "bankrupt", "insolvency", "insolvent"),
    "payment": ("pay", "payment", "compensate", "compensation"),
    "acquittal": ("acquit", "acquittal"),
    "pardon": ("pardon", "clemency"),
    "extradition": ("extradite", "extradition"),
    "layoff": ("layoff", "redundancy"),
    "retirement": ("retire", "retirement"),
    "hospitalisation": ("hospitalize", "hospitalise", "hospitalization", "hospitalisation"),
    "outbreak": ("outbreak", "epidemic", "pandemic"),
    "surrender": ("surrender", "capitulate", "capitulation"),
    "sanction": ("sanction", "embargo"),
    "ban": ("ban", "prohibit", "prohibition", "outlaw"),
    "approval": ("approve", "approval", "ratify", "ratification"),
    "landslide": ("landslide", "mudslide", "avalanche"),
    "hacking": ("hack", "hacking", "cyberattack"),
    "ruling": ("ruling", "verdict", "judgment", "judgement"),
    "flight": ("fly", "flight"),
    "delivery": ("deliver", "delivery"),
    "results": ("profit", "earnings", "revenue"),
}

# "fire" is both a blaze and a dismissal: a word in two classes names neither.
_SEEN: dict[str, str] = {}
_AMBIGUOUS: set[str] = set()
for _frame, _words in FRAMES.items():
    for _w in _words:
        if _w in _SEEN and _SEEN[_w] != _frame:
            _AMBIGUOUS.add(_w)
        _SEEN[_w] = _frame
WORD_FRAME = {w: f for w, f in _SEEN.items() if w not in _AMBIGUOUS}


def frame_of(trigger: str | None) -> str | None:
    """The event class of a trigger lemma, or None."""
    if not trigger:
        return None
    word = trigger.lower().strip()
    return WORD_FRAME.get(word) or WORD_FRAME.get(word.split()[-1])


def kind_of(claim: dict) -> str | None:
    """The kind of event a claim reports: its trigger's event class, else the trigger."""
    trigger = claim.get("trigger")
    return (frame_of(trigger) or trigger) if trigger else None
