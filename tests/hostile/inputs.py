"""The hostile corpus: every input of issue 20, as text or made at test time (the large
ones are generated, never stored)."""

from __future__ import annotations

ESC = "\x1b"
# terminal escapes an article may carry: colour, OSC 52 (write the clipboard), OSC 8 (a
# hidden link), a bidi override that reverses what follows, a C1 CSI
ANSI = f"{ESC}[31mred{ESC}[0m"
OSC52 = f"{ESC}]52;c;cm0gLXJmIH4K{ESC}\\"
OSC8 = f"{ESC}]8;;https://evil.example/{ESC}\\click me{ESC}]8;;{ESC}\\"
BIDI = "\u202etxt.exe"
C1 = "\x9b2J"
TERMINAL_ATTACKS = [ANSI, OSC52, OSC8, BIDI, C1]
RAW = [ESC, "\x9b", "\u202e", "\x07"]  # none of these may reach the terminal

MARKUP_TITLE = "Talks collapse [/] as [@click=app.quit]delegates[/] walk out [b]"
MARKUP_CLAIM = "Ukraine said on June 2 that [red]forty[/red] prisoners [/] were [$accent]freed."
HOSTILE_TITLE = f"Ceasefire {OSC52} signed {BIDI} {ANSI}"


def story(year_clause: str = "") -> str:
    """A plain news article; ``year_clause`` adds a sentence of its own."""
    return (
        "Delegations from Russia and Ukraine met in Istanbul on June 2, 2025 for a second "
        "round of direct talks.\n\n"
        "The two sides agreed to exchange 1,000 prisoners of war on June 7, officials said.\n\n"
        + (year_clause + "\n\n" if year_clause else "")
        + "Turkish Foreign Minister Hakan Fidan said the meeting ended after about an hour.\n"
    )


SEVEN_THOUSAND_YEARS = story("The monastery, founded 7,000 years ago, hosted the talks.")


def huge_paragraph(size: int) -> str:
    """One paragraph of ``size`` characters made of ordinary dated sentences."""
    sentence = ("Officials in Kyiv said on June 3 that 12 people were injured in the attack "
                "on the city. ")
    return (sentence * (size // len(sentence) + 1))[:size]


def symbol_run(size: int, symbol: str = "#") -> str:
    return f"A headline about the talks held on June 2 in Istanbul.\n\n{symbol * size}\n"


def nested_html(depth: int, tag: str = "div") -> str:
    body = "<p>Officials said on June 2, 2025 that the talks in Istanbul had ended.</p>"
    return "<html><body>" + f"<{tag}>" * depth + body + f"</{tag}>" * depth + "</body></html>"


def stray_close_html(divs: int) -> str:
    return ("<html><body>" + "<div>" * divs + "</span>"
            + "<p>Officials said on June 3, 2025 that the talks in Ankara had ended.</p>"
            + "</body></html>")


def emphasis_bomb(count: int) -> str:
    return "# Talks\n\nDelegates met on June 2, 2025 in Istanbul.\n\n" + "**a " * count + "\n"
