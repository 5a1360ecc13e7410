"""Finding the parts of a scraped article that are not evidence.

Scrapers keep page furniture: "Skip to content", ticker widgets, share and comment
buttons, teasers cut off with "...", a "Read also" list of other stories, and headline
paragraphs that the page template printed twice. None of that may become a claim, but
the stored text must stay exactly as it was (claims cite character offsets), so
boilerplate is only *marked*: :func:`find_boilerplate` returns character ranges.

Detection is by the shape of a line, not by a list of known pages:

* ``widget``: the whole line is a navigation/social/comment phrase ("Post a Comment",
  "12 Comments", "Share on X", "Skip to content", "Hot Posts", "Advertisement").
* ``markup``: a line that is a URL or a slash-separated path with no spaces
  ("6/recent/ticker-posts"), or an embed credit line ("— Name (@handle) June 8, 2025").
* ``dateline``: a line that is only a date/time stamp ("Updated: 8 June 2025 10:32 GMT").
  Not a claim, but the extract stage may still read it when inferring a document's date.
  So is a note of the print edition a piece appeared in, wherever it stands in a line
  ("This article appeared on p29 of the Main section section of the Guardian on 00.01 BST
  on Wednesday 29 April 2009.", "A version of this article appears in print on June 3,
  2025, Section A, Page 1 of the New York edition with the headline: ..."): it ends at
  the end of its sentence, or just after its date when the page runs more furniture in
  after it; where neither comes within :data:`_MAX_NOTICE_CHARS`, it is left as text.
  So is an update stamp, or a blog's byline with its time, run into the start of a line
  ("Page last updated at 23:19 GMT, Tuesday, 19 January 2010 Born amid the ruins ...",
  "William Crawley | 22:29 UK time, Wednesday, 13 January 2010 His body ..."): it must
  name a month and a year, and ends on its last date, time or zone word. (A stamp after
  the page's own date, "24 June 2010 Last updated at 14:59 GMT Help A year on ...", is
  left in the text: its date is the page's, and its day, read as the first sentence's,
  ranks the day the page reported (see docs/QUALITY.md, session 37); an entry's title
  leaves it out, :func:`page_stamp_end`.) So is the time a page went up printed inside a
  line, between the standfirst and the first sentence ("... pandemic potential Sunday 26
  April 2009 21.39 BST Health officials ..."), or after a reader's comment ("Added:
  Tuesday, 19 January, 2010, 16:55 GMT 16:55 UK"): a weekday, a full date, a clock time
  and a time zone one after the other, which a sentence never writes ("on Saturday 25
  April 2009 at 10.00 GMT").
* ``short line``: at most three words and no sentence punctuation ("Latest", "At a Glance").
* ``truncated teaser``: a line that stops mid-sentence with "..." or "…".
* ``repeated``: a line whose normalised text already appeared earlier, or that is a
  prefix of another line (a teaser of a paragraph that is also printed in full). The
  first full occurrence is kept.
* ``related links``: a "Read also" / "Related" / "Latest" / "More stories" heading in
  the last 70% of the text and everything after it up to the next real paragraph (a
  line of at least twelve words that ends a sentence), usually the end of the text.
* ``credit``: who reported, wrote, edited or compiled the story, and nothing else: one or
  more "Reporting/Writing/Editing/Compiled/Additional reporting by <names>" joined by
  ";", "," or "and" ("Reporting by Maggie Fox; Editing by Sandra Maler"), or "<names>
  contributed (reporting) (to this report/article/story)" ("Reporting by Reuters
  contributed to this article.", "Associated Press writer Jane Doe in Paris contributed to
  this report."). Names are capitalised words, with "and", commas, "in <Place>",
  particles ("de", "van") and staff words ("staff", "writer", "correspondents") between
  them; any other lower-case word ("Reporting by state media said ...", "Compiled by UN
  investigators, the report found ...") makes it a sentence, which is kept. A line of
  credits written as labels, as the BBC's pages do ("Pictures: James Fletcher, Reporter:
  Mark Doyle", "Video journalist: Jane Doe"), is one too, when every label is followed
  by names only ("Reporter: the scene was chaos" is text). So is a picture's credit:
  "Photograph:", "Photo:", "Picture:" (or the plural), then the photographer or owner and
  the agency joined by slashes ("Photograph: Susana Gonzalez/Reuters", "Photograph: Carl
  de Souza/AFP/Getty Images", "Photograph: KPA/Zuma/Rex") or an agency alone
  ("Photograph: PA"), or names only in brackets ("(Photo: American Red Cross)").
* ``wire notice``: a wire service's disclaimer ("Reuters is not responsible for the
  content in this press release.", "The BBC is not responsible for the content of
  external internet sites") or coverage teaser ("(For full coverage of the flu outbreak,
  click (nFLU))", "For more coverage, please click here: here"), ending at its link,
  or the link alone: a wire story's code in brackets ("(ID: nBKK234536)"), which Reuters
  copy prints where a teaser or a related story stood, often opening the next paragraph.
* ``player notice``: a page's word to the reader's browser where a video or slideshow
  was ("To play this content JavaScript must be turned on and the latest Flash player
  installed.", "You must have Flash Player 8 or higher installed to use this slideshow."),
  a line of its own or after a sentence's end.
* ``page error``: what a web server prints where a part of the page it failed to
  include should be ("(an error occurred while processing this directive)"), wherever it
  stands.
* ``comments``: the readers' comments a blog or news page prints after its text, from the
  first comment's header to the end: a page whose text holds at least two headers that
  say when and who before "wrote:" ("At 11:35 am on 18 Jan 2010, Nikolas wrote:", "At
  18:20 29th Apr 2009, vampfan wrote:"). A reader's opinion is not a report. One such
  header alone (an article quoting a forum post) is kept.

A credit or notice is usually a line of its own. Wire copy also runs one into a line of
the article, and there only that part is skipped: in brackets after the start of the line
or the end of a sentence ("(Reporting by X; Editing by Y) An ultra-low latency ..."), as
the line's last sentence ("... in Rome. Reporting by X."), up to a closing bracket that
opens the line ("Editing by Chris Wilson) An ultra-low ..."), and for a notice, which ends
on its own words, anywhere a sentence may start ("... Swine ... * Reuters is not
responsible for the content in this press release."). A bracket in mid-sentence ("said
(reporting by X) that") is left alone: cutting it out would break the sentence in two.

A picture credit is run into the line of the text that follows the picture, on the
Guardian's pages after the caption ("... from top US firms Photograph: Michael
Nagle/Getty Images US jobless claims fell ..."), and there only the label and the names
are skipped, anywhere a word starts. The sentence after it opens with a capital too, so a
credit is recognised only where its end is evident: at a known picture agency (Reuters,
AP, AFP, Getty Images, EPA, PA, Rex Features, ...; :data:`_AGENCY`) that is the last of
the slash-joined names and that a capital, a digit, a quote or the line's end follows, or
at the closing bracket. A name with no agency after it ("Photo: Thomas Oronti The huge
problem ...", "Photograph: Reuters/Eliana Aponte Mexico City lowered ...") is left as
text rather than guessed at, as are "The photograph: a crowd ...", "Photograph shows ...",
"a Reuters/Ipsos poll", "24/7" and a credit that a lower-case word follows ("Photo: AP
reports ..."). A caption before the credit is the page's own statement and is kept.
From each label at most :data:`_MAX_PICTURE_CREDIT` characters are read, and the reading
stops at the next label, so a line costs time linear in its length (1 MB lines are tested).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

Range = tuple[int, int, str]

# A related-links heading counts only after this fraction of the text.
_RELATED_FROM = 0.3

# A related-links heading opens a section of teasers that runs on to the next real paragraph.
_RELATED = re.compile(
    r"(?:read|see) (?:also|more)|also read|more (?:stories|news|from\b.*|on this)|related"
    r"(?: (?:posts?|articles?|stories|news|content|coverage|topics|reading))?"
    r"|latest(?: (?:news|posts?|stories|articles|updates|headlines))?"
    r"|you (?:may|might) (?:also )?like|recommended(?: for you)?|most (?:read|popular|viewed)"
    r"|(?:popular|trending|hot|top) (?:posts?|stories|news|now)|trending|further reading"
    r"|what to read next|in other news|other news",
)

# Navigation, social and comment widgets: recognised only when they are the whole line.
_WIDGET = re.compile(
    r"skip to (?:main )?(?:content|navigation|main)|jump to (?:content|navigation)"
    r"|(?:main )?(?:menu|navigation)|search|home|toggle navigation|close|open menu|back to top"
    r"|(?:post|leave|add|write) a (?:comment|reply)|(?:\d+|no) comments?|comments?(?: \(\d+\))?"
    r"|show comments|view comments|load more comments|reply|like|share|tweet|email|print"
    r"|(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email|copy link)"
    r"(?: ?[/|·,] ?(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email"
    r"|copy link))*"
    r"|sign in|log ?in|register|get the newsletter|advertisement|sponsored(?: content)?|ads?"
    r"|accept(?: all)?(?: cookies)?|privacy policy|terms of (?:use|service)"
    r"|hot posts|popular posts|recent posts|ticker posts|breaking news ticker"
    r"|previous (?:post|article)|next (?:post|article)|older posts?|newer posts?"
    r"|\d+ min(?:ute)?s? read",
)
# Widget lines that go on after their opening words ("Share on Facebook", "Sign up for
# our newsletter", "© 2025 Example Media"). Such openings also start real sentences
# ("Sign up rates fell."), so these count only on a line that does not end a sentence,
# unless the line says what only a page footer says.
_WIDGET_LEAD = re.compile(
    r"(?:share (?:this|on|via|to)|(?:share|follow) us|follow on|subscribe|sign up|newsletter"
    r"|cookie (?:policy|settings|preferences)|we use cookies|this (?:site|website) uses cookies"
    r"|copyright|all rights reserved|click here|continue reading"
    r"|read (?:the )?full (?:story|article)|listen to (?:this )?article)\b|©|tags?:"
)
_FOOTER_ONLY = re.compile(r"rights reserved|uses? cookies|©")

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_DATE_WORDS = frozenset(
    _MONTHS
    + "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri "
    "sat sun updated update published posted last modified on at am pm gmt utc est edt cet "
    "cest eet eest bst msk local time st nd rd th".split()
)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_PATHLIKE = re.compile(r"[\w.~%-]*(?:/[\w.~%-]*)+")
_EMBED_CREDIT = re.compile(r"^[—–-]+\s.*\(@\w+\)\s.*\d{4}$")
_CLOSERS = "\"'”’»)]"
_QUOTES = "\"'”’»"
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


# --- credits and wire notices ---------------------------------------------------------
# Words that open a credit clause before "by", in any case ("Additional reporting by",
# "Writing and reporting by", "editing by").
_CREDIT_VERBS = frozenset(
    "reporting writing editing compiled compiling compilation research reported written "
    "edited produced production translated translation translating graphics photography "
    "subediting sub-editing fact-checking".split()
)
_CREDIT_MODIFIERS = frozenset("additional further also and & ,".split())
# Lower-case words that may stand among a credit's names.
_NAME_PARTICLES = frozenset(
    "de da das do dos du del della der den di van von la le al el bin ibn ter y st.".split()
)
_STAFF = frozenset(
    "staff staffer staffers writer writers reporter reporters correspondent correspondents "
    "bureau bureaus bureaux desk team newsroom journalist journalists contributor "
    "contributors editor editors producer producers photographer photographers researcher "
    "researchers wire wires services worldwide".split()
)
_NAME_JOINS = frozenset(["and", "&", ",", ";", "in", "from", "the", "/"])
_CREDIT_TOKEN = re.compile(r"[;,&/]|[^\s;,&/]+")
# After "<names> contributed": reporting, to this report, or both ("Britain contributed
# research." and "Officials contributed to the report." are sentences).
_CONTRIBUTED = re.compile(
    r"(?i:contributed)"
    r"(?P<what>\s+(?i:(?:additional\s+)?reporting)"
    r"(?:\s+(?i:from|in)(?:\s+[A-Z][\w'’.-]*){1,4})?)?"
    r"(?P<to>\s+(?i:(?:research\s+)?(?:to|for)\s+this\s+(?:report|article|story|dispatch)))?"
)
# A wire service's disclaimer, which ends on its own words.
_DISCLAIMER = re.compile(
    r"[\"“‘'`]?(?:[A-Z][\w.'’&-]*\s+){1,4}(?:is|are)\s+not\s+responsible\s+for\s+the\s+contents?\s+"
    r"(?:of|in|on)\s+(?:(?:this|these|the|any|external|other|third[- ]party|linked|internet"
    r"|web)\s+){0,4}(?:sites?|websites?|web\s?pages?|pages?|links?|(?:press\s+)?releases?"
    r"|advertisements?)\b(?:\s*\.)?"
)
# A page's word to the reader's browser, where a video or slideshow was: "To play this
# content JavaScript must be turned on and the latest Flash player installed.", "In order
# to see this content you need to have both Javascript enabled and Flash installed.",
# "You must have Flash Player 8 or higher installed to use this slideshow."
_PLAYER_NOTICE = re.compile(
    r"(?:To\s+(?:play|see|view|watch)\s+this\s+(?:content|video|clip|slideshow|media)"
    r"|In\s+order\s+to\s+(?:see|view|play|watch)\s+this\s+(?:content|video|clip|slideshow)"
    r"|You\s+(?:must|need\s+to|will\s+need\s+to)\s+(?:have|enable|install))"
    r"[^.!?\n]{0,160}?\b(?i:javascript|flash\s+player|plug-?in)\b[^.!?\n]{0,120}[.!]"
)
# A wire teaser: "For <what>, (please) click/go to" and only its link after it; run into
# a line, only "click here" or "click (code)", which end on their own words.
_LINK = r"(?:here|[(\[](?:ID:\s?)?[^()\[\]\s]{1,40}[)\]]|#\S+|https?://\S+|www\.\S+)"
_TEASER = re.compile(
    r"For\s[^()\[\]]{1,160}?[\s,:](?:please\s+)?(?:click|go\s+to|see)\b(?:\s+on)?(?:\s+here)?"
    rf"\s*:?(?:\s*{_LINK})?\s*\.?",
    re.IGNORECASE,
)
_TEASER_RUN_IN = re.compile(
    rf"For\s[^()\[\]]{{1,160}}?[\s,](?:please\s+)?click(?:\s+on)?\s+{_LINK}\s*[:.]?",
    re.IGNORECASE,
)
# --- print-edition notes ---------------------------------------------------------------
# "This article appeared on p29 of the Main section ...", "A version of this article
# appears in print on ...", "This story appeared in the Business section of the print
# edition ...", "This article was published on guardian.co.uk at ..." ("The story
# appeared on page 3 of many newspapers" is news).
_PRINT_NOTE = re.compile(
    r"(?<![\w'’])(?:This\s+(?:article|story|piece|report)|A\s+version(?:\s+of\s+this\s+"
    r"(?:article|story|piece|report))?)\s+(?:appeared|appears)\s+(?:on\s+p(?:age)?\s?\d+\s+of"
    r"\s+the\s+[\w&,'’ -]{1,60}?\s+(?:section|edition)\b|in\s+(?:the\s+)?print\b"
    r"|in\s+the\s+[\w&,'’ -]{1,60}?\s+section\s+of\s+the\s+print\b)"
    # the page's own note of where it went up ("This article was published on
    # guardian.co.uk at 10.23 BST on Thursday 30 April 2009"): a text telling of itself
    r"|(?<![\w'’])This\s+(?:article|story|piece)\s+was\s+(?:first\s+|originally\s+)?"
    r"published\s+(?:on|in|by)\b"
)
# where a note ends: its sentence's end, or the date it gives ("... Saturday 25 April 2009")
# when more of the page runs on after it without a full stop
_NOTE_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s|$)")
_NOTE_DATE_END = re.compile(
    r"\b\d{1,2}\s+(?i:" + "|".join(_MONTHS) + r")\s+\d{4}\b"
    r"|\b(?i:" + "|".join(_MONTHS) + r")\s+\d{1,2},?\s+\d{4}\b")


def _print_notes(text: str) -> list[tuple[int, int]]:
    """Print-edition notes in one line (see ``dateline`` in the module's docstring): each
    read over at most :data:`_MAX_NOTICE_CHARS`, so a line costs time linear in its length."""
    out: list[tuple[int, int]] = []
    for m in _PRINT_NOTE.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        limit = min(len(text), m.start() + _MAX_NOTICE_CHARS)
        stop = _NOTE_SENTENCE_END.search(text, m.end(), limit)
        end = stop.end() if stop else (len(text) if limit == len(text) else -1)
        for date in _NOTE_DATE_END.finditer(text, m.end(), end if end >= 0 else limit):
            # a date the note goes on after ("June 3, 2025, Section A") is not its end
            if not text.startswith(",", date.end()):
                end = date.end() + text.startswith(".", date.end())
                break
        if end >= 0:
            out.append((m.start(), end))
    return out


# --- update stamps run into a line ----------------------------------------------------
# A page's update stamp or a blog's byline with its time, printed before the first
# sentence with no line break between ("Page last updated at 23:19 GMT, Tuesday, 19
# January 2010 Born amid the ruins ...", "William Crawley | 22:29 UK time, Wednesday, 13
# January 2010 His body was found ...", "Last updated: 14 January, 2010-17:26 GMT Haiti
# earthquake: ..."): when the page was written, not when anything happened.
_STAMP_HEAD = re.compile(
    r"(?:(?:Page\s+)?(?i:last\s+updated|updated|published|posted|added)(?:\s+(?i:at|on))?\s*:?"
    r"|[A-Z][\w.'’-]{1,30}(?:\s+[A-Z][\w.'’-]{1,30}){0,3}\s+\|)\s+")
_STAMP_TOKEN = re.compile(r"\s*([^\W\d_]+|\d+|[,:/.–-])")
_STAMP_WORDS = _DATE_WORDS | {"uk"}
_STAMP_LINKS = frozenset("at on updated update published posted last modified".split())
_MAX_STAMP_CHARS = 100
# the page's own date printed above its stamp ("24 June 2010 Last updated at 14:59 GMT")
_PAGE_DATE = re.compile(
    rf"\d{{1,2}}\s+(?i:{'|'.join(_MONTHS[:12])})\s+\d{{4}}\s+(?=(?:Page\s+)?(?i:last\s+updated)\b)")
# the help link the page template prints after its stamp, before the first sentence
_HELP_LINK = re.compile(r"\s+Help(?=\s+[A-Z])")
# a page's heading and the day it was put up, run into its first sentence when the page
# was flattened to text ("Haiti earthquake: Your stories Thursday 14 January Up to 10,000
# US troops ..."): a heading's colon or dash, no sentence ending in it, and a capital
# after the date
_HEADING_DATE = re.compile(
    r"[^.!?\n:|]{2,60}(?::|\s[-–—|]{1,2})\s[^.!?\n]{2,60}?\s+"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
    rf"\d{{1,2}}\s+(?:{'|'.join(m.capitalize() for m in _MONTHS[:12])})(?:\s+\d{{4}})?\s+"
    r"(?=[A-Z][a-z])")
# the time a page was put up, printed between its standfirst and its first sentence with
# no line break ("... pandemic potential Sunday 26 April 2009 21.39 BST Health officials
# ..."): a weekday, a full date, a clock time and a time zone, one after the other, are
# never a sentence's words (a sentence says "at 21.39 BST on Sunday")
_PAGE_TIME = re.compile(
    r"(?:\b(?:Page\s+)?(?i:last\s+updated|updated|published|posted|added)(?:\s+(?i:at|on))?"
    r"\s*:?\s+)?"
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+\d{1,2}\s+"
    rf"(?:{'|'.join(m.capitalize() for m in _MONTHS[:12])}),?\s+\d{{4}},?\s+"
    r"\d{1,2}[.:]\d{2}\s*(?:BST|GMT|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT)\b"
    r"(?:\s+\d{1,2}[.:]\d{2}\s+UK\b)?")  # the BBC's local time after it
# what a web server prints where a page part it failed to include should be
_SERVER_ERROR = re.compile(r"[(\[]an error occurred while processing this directive[)\]]",
                           re.IGNORECASE)


def _run_in_stamp(text: str, at: int = 0, dated: bool = False) -> int:
    """Where an update stamp that starts at ``at`` in ``text`` ends (see above), or 0. It
    must name a month and a year, unless the page's date printed before it has (``dated``:
    then a time will do); read over at most :data:`_MAX_STAMP_CHARS`."""
    head = _STAMP_HEAD.match(text, at)
    if head is None:
        return 0
    position = end = head.end()
    month = year = False
    while position < min(len(text), head.end() + _MAX_STAMP_CHARS):
        token = _STAMP_TOKEN.match(text, position)
        if token is None:
            break
        word = token.group(1)
        if word.isdigit():
            year = year or len(word) == 4
        elif word[0].isalpha():
            if word.lower() not in _STAMP_WORDS:
                break
            month = month or word.lower() in _MONTHS
        position = token.end()
        if word[0].isalnum() and word.lower() not in _STAMP_LINKS:
            end = position  # a stamp ends on a date, a time or a zone ("... 2010 At every")
    return end if (month and year) or (dated and end > head.end()) else 0


# --- reader comments -----------------------------------------------------------------
# A comment's header: "At" or "On", a clock time and a date, a comma, the reader's name
# and "wrote:" ("At 9:32 pm on 05 May 2009, threnodio wrote:"). Every part is bounded, so
# a search costs time linear in the text.
_COMMENT_HEADER = re.compile(
    r"\b(?:At|On)\s+(?=[^,\n]{0,30}?\b\d{1,2}[:.]\d{2}\b)"
    r"(?=[^,\n]{0,40}?(?:\b\d{4}\b|\b(?i:" + "|".join(_MONTHS) + r")\b))"
    r"[^,\n]{4,40},\s*[^\s,:][^,:\n]{0,40}?\s+wrote\s*:"
)
_COMMENT_HEADERS = 2  # how many make a comment thread


def comments_start(text: str) -> int | None:
    """Where the readers' comments begin (see ``comments`` in the module's docstring)."""
    headers = _COMMENT_HEADER.finditer(text)
    first = next(headers, None)
    if first is None or next(headers, None) is None:
        return None
    return first.start()


# A credit written as a label, as the BBC's pages do ("Pictures: X, Reporter: Y", "Video
# journalist: X"): the label opens the line or follows a separator or a space.
_CREDIT_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s,;|]))(?i:(?:(?:video|picture|photo|camera|sound)\s+)?(?:journalist"
    r"|reporter|producer|editor|photographer|camera(?:man|woman|\s+operator)?|presenter"
    r"|correspondent|director|researcher|writer|designer|illustrator)s?|pictures?|photos?"
    r"|photographs?|photography|images?|video|words|text|graphics?|illustrations?"
    r"|additional\s+reporting)\s*:\s*"
)
# what may stand between one label's names and the next label
_LABEL_SEPARATOR = re.compile(r"\s*(?:[,;|]|\band\b)$")
# --- picture credits ------------------------------------------------------------------
# A picture's label, where a word or a bracket may start ("Photograph:", "PHOTO:", "(photo:").
_PICTURE_LABEL = re.compile(r"(?<![^\s(\[])(?i:photo(?:graph)?s?|pictures?)\s*:\s*")
# Picture agencies, and the news organisations that credit their own photographers, as a
# credit names them ("Reuters", "AFP", "Getty Images", "Getty images", "Rex Features"). A
# credit's last name must be one of them: that is how its end is known, since the sentence
# run in after it opens with a capital too. The suffix, once there, is kept (atomic group).
_AGENCY = re.compile(
    r"(?:Associated\sPress|Press\sAssociation|Camera\sPress|Action\sImages|Getty|Reuters"
    r"|AFP|AP|EPA|PA|Corbis|Rex|Shutterstock|Zuma|ZUMA|Alamy|Xinhua|Bloomberg|Sipa|SIPA|EFE"
    r"|ANSA|DPA|dpa|Kyodo|Imago|NurPhoto|Barcroft|Eyevine|Panos|Magnum|Polaris|Redux|Anadolu"
    r"|UPI|TASS|Empics|EMPICS|WireImage|Keystone|Hulton|Gamma|Sygma|Guardian|Observer|BBC"
    r"|NASA)(?>(?:[\s-](?i:images|pictures|photos?|features|wire|agency|news|archive|press))?)"
    r"(?![\w'’&-])"
)
# A word of a name in a credit ("de Souza", "Centres for Disease Control") and how long one
# may be: every scan from a label stops within _MAX_PICTURE_CREDIT characters.
_CREDIT_NAME_WORD = re.compile(r"[\w.'’&-]{1,40}")
_NAME_INNER = _NAME_PARTICLES | {"for", "of", "and", "&", "the"}
_MAX_PICTURE_CREDIT = 200
_MAX_CREDIT_WORDS = 8  # in one name between slashes
_SENTENCE_OPENERS = "\"“‘'([¿¡"


def _opens_text(text: str, i: int) -> bool:
    """Does what follows ``text[i]`` start a sentence or end the line?"""
    while i < len(text) and text[i].isspace():
        i += 1
    return i == len(text) or text[i].isupper() or text[i].isdigit() or (
        text[i] in _SENTENCE_OPENERS)


def _picture_credit_end(text: str, i: int) -> int:
    """The end of a picture credit's names starting at ``text[i]``, just after its label:
    names joined by slashes, the last an agency ("Susana Gonzalez/Reuters", "KPA/Zuma/Rex",
    "Carl de Souza/AFP/Getty Images"), or an agency alone ("PA"), then a sentence's start or
    the line's end; -1 if there is none. Looks at most :data:`_MAX_PICTURE_CREDIT`
    characters."""
    limit = min(len(text), i + _MAX_PICTURE_CREDIT)
    words = 0  # in the name being read
    while i < limit:
        if words == 0:  # a name starts here: an agency may end the credit
            agency = _AGENCY.match(text, i, limit)
            if agency:
                end = agency.end()
                if text.startswith(".", end):
                    end += 1
                after = _BLANKS.match(text, end)
                slash = after.end() if after else end
                if not text.startswith("/", slash):
                    if (end == len(text) or text[end].isspace()) and _opens_text(text, end):
                        return end
                    return -1
        word = _CREDIT_NAME_WORD.match(text, i, limit)
        if word is None or not (
            word.group()[0].isupper() or (words > 0 and word.group() in _NAME_INNER)
        ):
            return -1
        words += 1
        if words > _MAX_CREDIT_WORDS:
            return -1
        i = word.end()
        blanks = _BLANKS.match(text, i, limit)
        j = blanks.end() if blanks else i
        if text.startswith("/", j):
            blanks = _BLANKS.match(text, j + 1, limit)
            i, words = (blanks.end() if blanks else j + 1), 0
        elif j > i:
            i = j
        else:
            return -1  # a name word runs into a character no name holds
    return -1


def _picture_credits(text: str) -> list[tuple[int, int]]:
    """Picture credits run into a line ("Photograph: X/Reuters Pageant officials ..."),
    where a label starts a word: each is looked at over a bounded stretch, so a line
    costs time linear in its length."""
    found: list[tuple[int, int]] = []
    for label in _PICTURE_LABEL.finditer(text):
        if label.start() > 0 and text[label.start() - 1] in "([":
            continue  # in brackets: a unit of its own (see _unit_reason)
        if found and label.start() < found[-1][1]:
            continue
        end = _picture_credit_end(text, label.end())
        if end > 0:
            found.append((label.start(), end))
    return found


def _is_picture_label_credit(text: str) -> bool:
    """Is ``text`` a picture credit written as a label, names only, maybe in brackets
    ("(Photo: American Red Cross)", "Photograph: Tim Ireland/PA")?"""
    text = text.strip()
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1].strip()
    return _PICTURE_LABEL.match(text) is not None and _is_label_credit(text)


_NOTICE_CUE = re.compile(r"\b(?:by|contributed|responsible|click|go to|see|javascript|flash)\b",
                         re.IGNORECASE)
# Where a sentence, or a unit run into the line, may start.
_UNIT_BOUNDARY = re.compile(r"[.!?:;)\]\"”’»*•|][\"”’»)\]]*\s+")
_MAX_NOTICE_CHARS = 600
_BLANKS = re.compile(r"\s*")
_OPENING = re.compile(r"[(\[]")
_BRACKET = re.compile(r"[()\[\]]")


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _credit_head(tokens: list[str], i: int) -> int:
    """The index after "<verb> ... by" that opens a credit clause at ``tokens[i]``, or -1."""
    verbs = 0
    while i < len(tokens):
        word = tokens[i].lower()
        if word == "by":
            return i + 1 if verbs else -1
        if word in _CREDIT_VERBS:
            verbs += 1
        elif word not in _CREDIT_MODIFIERS:
            return -1
        i += 1
    return -1


def _names(tokens: list[str], i: int) -> int:
    """The index after a list of names starting at ``tokens[i]`` ("Louise Egan, Daniel
    Trotta and Pascal Fletcher in Mexico City", "the BBC's Jon Smith", "Reuters staff"),
    stopping before another credit clause; -1 if no name starts there."""
    named = False
    while i < len(tokens):
        token = tokens[i]
        if _credit_head(tokens, i) >= 0:
            break
        if _capitalised(token):
            named = True
        elif not (token in _STAFF or (named and token in _NAME_PARTICLES)):
            if token not in _NAME_JOINS or i + 1 == len(tokens):
                break
            after = tokens[i + 1]
            if not (_capitalised(after) or after in ("the", "and")) or _credit_head(
                tokens, i + 1
            ) >= 0:
                break
        i += 1
    return i if named else -1


def _is_credit(text: str) -> bool:
    """Is ``text`` only a credit: "Reporting by X; Editing by Y", "X contributed to this
    report."? Brackets around it and a final full stop are allowed."""
    text = text.strip()
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1].strip()
    text = text.rstrip(".").rstrip()
    if not text or len(text) > _MAX_NOTICE_CHARS:
        return False
    tokens = _CREDIT_TOKEN.findall(text)
    i = clauses = 0
    while (after_by := _credit_head(tokens, i)) >= 0:
        i = _names(tokens, after_by)
        if i < 0:
            return False
        clauses += 1
        if i < len(tokens) and tokens[i] in (";", ",", "/", "and"):
            if _credit_head(tokens, i + 1) >= 0:
                i += 1
                continue
        break
    if i == len(tokens):
        return clauses > 0
    # "<names> contributed (reporting) (to this report)"
    subject = i
    i = _names(tokens, i)
    if i < 0 and subject == 0:
        return False
    i = max(i, subject)
    rest = " ".join(tokens[i:])
    m = _CONTRIBUTED.fullmatch(rest)
    if not m:
        return False
    staff = any(t in _STAFF for t in tokens[subject:i])
    return bool(m.group("what") or m.group("to") or staff)


def _is_label_credit(text: str) -> bool:
    """Is ``text`` only credits written as labels: "Pictures: James Fletcher, Reporter:
    Mark Doyle", "Video journalist: Jane Doe", "Producer: John Smith/BBC"? Each label is
    followed by names only (as ``_names`` reads them), and the next label by a
    separator or a space. "Reporter: the scene was chaos" and "Producer: John Smith said
    ..." are sentences."""
    text = text.strip().rstrip(".").rstrip()
    if ":" not in text or len(text) > _MAX_NOTICE_CHARS:
        return False
    labels = list(_CREDIT_LABEL.finditer(text))
    if not labels or labels[0].start() != 0:
        return False
    ends = [m.start() for m in labels[1:]] + [len(text)]
    for label, end in zip(labels, ends, strict=True):
        names = text[label.end() : end].rstrip()
        if end < len(text):
            names = _LABEL_SEPARATOR.sub("", names)
        tokens = _CREDIT_TOKEN.findall(names)
        if not tokens or _names(tokens, 0) != len(tokens):
            return False
    return True


def _is_notice(text: str) -> bool:
    """Is ``text`` only a wire disclaimer or coverage teaser?"""
    text = text.strip()
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1].strip()
    if not text or len(text) > _MAX_NOTICE_CHARS:
        return False
    return bool(_DISCLAIMER.fullmatch(text) or _TEASER.fullmatch(text))


# a wire story's code, the link a teaser leaves behind: "(ID: nBKK234536)", "(ID: nFLU)"
_STORY_CODE = re.compile(r"[(\[]ID:\s?n[A-Z0-9]{2,14}[)\]]")


def _unit_reason(text: str) -> str | None:
    if _STORY_CODE.fullmatch(text.strip()):
        return "wire notice"
    if _PLAYER_NOTICE.fullmatch(text.strip()):
        return "player notice"
    if _NOTICE_CUE.search(text):
        if _is_credit(text):
            return "credit"
        if _is_notice(text):
            return "wire notice"
    if _is_picture_label_credit(text):
        return "credit"
    return None


def _closing_bracket(text: str, i: int) -> int:
    """The index after the bracket that closes the one opening at ``text[i]``, or -1."""
    depth = 0
    for bracket in _BRACKET.finditer(text, i, i + _MAX_NOTICE_CHARS):
        depth += 1 if bracket.group() in "([" else -1
        if depth == 0:
            return bracket.end()
    return -1


def _unit_at(text: str, start: int, boundary: bool) -> tuple[int, str] | None:
    """A credit or notice that starts at ``text[start]``, run into a line: its end and
    reason. Away from a ``boundary`` (the line's start, a sentence's end) only a bracket
    that the line's end, a capital or another bracket follows ("... Organisation (Editing
    by X) An ultra-low ..."), not one inside a sentence ("said (reporting by X) that")."""
    if text[start] in "([":
        end = _closing_bracket(text, start)
        if end < 0:
            return None
        if not boundary:
            rest = text[end : end + 3].lstrip()
            if rest and not (rest[0].isupper() or rest[0] in "(["):
                return None
        reason = _unit_reason(text[start:end])
        return (end, reason) if reason else None
    if not boundary:
        return None
    for pattern, why in ((_DISCLAIMER, "wire notice"), (_TEASER_RUN_IN, "wire notice"),
                         (_PLAYER_NOTICE, "player notice")):
        match = pattern.match(text, start)
        if match and (match.end() == len(text) or text[match.end()].isspace()):
            return match.end(), why
    if start > 0 and len(text) - start <= _MAX_NOTICE_CHARS:
        reason = _unit_reason(text[start:])
        return (len(text), reason) if reason else None
    return None


def all_skipped(text: str, skipped: list) -> bool:
    """Is every line of ``text`` marked (``skipped``: its ranges, in order)? Nothing in it
    can be a claim; ingest says so, once."""
    position = 0
    for start, end, _ in skipped:
        if text[position:start].strip():
            return False
        position = end
    return not text[position:].strip()


def page_stamp_end(text: str) -> int:
    """Where the page furniture that opens ``text`` ends: an update stamp, after the page's
    own date if it is printed above it ("24 June 2010 Last updated at 14:59 GMT"), with the
    help link the template prints after it ("Help"), or the page's heading and its day
    ("Haiti earthquake: Your stories Thursday 14 January"); 0 when none opens it."""
    page_date = _PAGE_DATE.match(text)
    end = _run_in_stamp(text, page_date.end() if page_date else 0, dated=bool(page_date))
    if end and (link := _HELP_LINK.match(text, end)):
        end = link.end()
    if not end and (heading := _HEADING_DATE.match(text)):
        end = heading.end()
    return end


def _units_in_line(line: _Line) -> list[Range]:
    """Update stamps that open a line, then credits, wire notices, print-edition notes and
    a web server's error message run into it (see the module's docstring), as ranges of
    the whole text. Each is tried where a sentence may start and at each bracket, over at
    most :data:`_MAX_NOTICE_CHARS` (a stamp over :data:`_MAX_STAMP_CHARS`), so a line
    costs time linear in its length."""
    units = sorted(_stamps_and_units(line))
    for pattern, reason in ((_PAGE_TIME, "dateline"), (_SERVER_ERROR, "page error")):
        found = [(line.start + m.start(), line.start + m.end(), reason)
                 for m in pattern.finditer(line.text)]
        units = sorted(units + [r for r in found if not _overlaps(units, r)])
    return units


def _overlaps(ranges: list[Range], r: Range) -> bool:
    """Does ``r`` overlap one of the sorted, disjoint ``ranges``? (A bisection: a line
    with thousands of stamps costs n log n, not n².)"""
    k = bisect.bisect_left(ranges, (r[1],))
    return k > 0 and ranges[k - 1][1] > r[0]


def _stamps_and_units(line: _Line) -> list[Range]:
    stamps: list[Range] = []
    at = 0
    while end := _run_in_stamp(line.text, at):  # one after another, each read once
        stamps.append((line.start + at, line.start + end, "dateline"))
        blanks = _BLANKS.match(line.text, end)
        at = blanks.end() if blanks else end
    if at:
        line = _Line(line.start + at, line.end, line.text[at:])
    return stamps + _units_after_stamps(line)


def _units_after_stamps(line: _Line) -> list[Range]:
    text = line.text
    labelled = _PICTURE_LABEL.search(text) is not None
    notes = _print_notes(text)
    if (not labelled and not notes and not _NOTICE_CUE.search(text)
            and not _STORY_CODE.search(text)):
        return []
    pictures = _picture_credits(text) if labelled else []
    found: list[tuple[int, int, str]] = []
    position = 0
    close = text.find(")", 0, _MAX_NOTICE_CHARS)
    if close > 0 and "(" not in text[:close] and _is_credit(text[:close]):
        found.append((0, close + 1, "credit"))  # "Editing by Chris Wilson) An ..."
        position = close + 1
    boundaries = {0, *(m.end() for m in _UNIT_BOUNDARY.finditer(text))}
    candidates = sorted(boundaries | {m.start() for m in _OPENING.finditer(text)})
    for candidate in candidates:
        start, boundary = candidate, candidate in boundaries
        while position <= start < len(text):
            unit = _unit_at(text, start, boundary)
            if unit is None:
                break
            end, reason = unit
            found.append((start, end, reason))
            position = end
            blanks = _BLANKS.match(text, end)
            start, boundary = (blanks.end() if blanks else end), True
    found = _merged(found, [(a, b, "credit") for a, b in pictures])
    found = _merged(found, [(a, b, "dateline") for a, b in notes])
    return [(line.start + a, line.start + b, r) for a, b, r in found]


def _merged(first: list[Range], second: list[Range]) -> list[Range]:
    """Two sorted lists of disjoint ranges as one; a range of ``second`` that overlaps one
    of ``first`` is dropped. Linear in their lengths."""
    out: list[Range] = []
    i = 0
    for a, b, why in second:
        while i < len(first) and first[i][1] <= a:
            out.append(first[i])
            i += 1
        if i < len(first) and first[i][0] < b:
            continue  # overlaps first[i]
        out.append((a, b, why))
    out.extend(first[i:])
    return out


@dataclass
class _Line:
    start: int  # first non-blank character
    end: int  # one past the last non-blank character
    text: str  # the stripped line
    words: int = 0

    def __post_init__(self) -> None:
        self.words = len(self.text.split())


# Plain string tests rather than "...$" regexes: a regex search tries every position of a
# long line, and these run on every line of every document.
def _ends_sentence_mark(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith((".", "!", "?", ";"))


def _ends_ellipsis(text: str) -> bool:
    return text.endswith(("...", "…"))


def ellipsis_marks_omission(text: str) -> bool:
    """Does a closing "..." mark words left out rather than a text cut off mid-sentence?
    It does after a whole sentence ('... for generations to come. ...', "a great day....")
    or after a quotation ('would "resume soon" ...'). Extract asks the same of sentences."""
    for mark in ("...", "…"):
        if text.endswith(mark):
            head = text[: -len(mark)].rstrip()
            return _ends_sentence_mark(head) or head.endswith(tuple(_QUOTES))
    return False


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with their stripped offsets. Any of \\n, \\r\\n, \\r ends a line."""
    out: list[_Line] = []
    for match in re.finditer(r"[^\r\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        out.append(_Line(start, start + len(stripped), stripped))
    return out


def _phrase(line: str) -> str:
    """The line as a bare lower-case phrase, for matching widget and heading phrases."""
    phrase = line.lower().strip(" \t:.-–—|»›>•·*#")
    return _SPACE.sub(" ", phrase)


def _normalised(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def _is_sentence_end(line: str) -> bool:
    return _ends_sentence_mark(line) and not _ends_ellipsis(line)


def _line_reason(line: _Line) -> str | None:
    text = line.text
    if not _WORD.search(text):
        return None  # separators such as "* * *" or "—" are harmless and keep no content
    if _is_table_row(text):
        return "table"
    reason = _unit_reason(text)
    if reason:
        return reason
    if _is_label_credit(text):
        return "credit"
    if line.words <= 8:
        phrase = _phrase(text)
        if _WIDGET.fullmatch(phrase):
            return "widget"
        if _WIDGET_LEAD.match(phrase) and (
            not _ends_sentence_mark(text) or _FOOTER_ONLY.search(phrase)
        ):
            return "widget"
    if " " not in text and "/" in text and (_URL.fullmatch(text) or _PATHLIKE.fullmatch(text)):
        return "markup"
    if len(text) <= 300 and _EMBED_CREDIT.match(text):
        return "markup"
    if "://" in text or "www." in text or "pic.twitter.com/" in text:
        rest = _URL.sub("", text).strip()
        if len(rest.split()) <= 3 or _ends_ellipsis(rest):
            return "markup"  # a link list, or an embedded post cut short before its links
    if _ends_ellipsis(text) and not ellipsis_marks_omission(text):
        return "truncated teaser"
    if line.words <= 10 and _is_dateline(text):
        return "dateline"
    if line.words <= 3 and not _ends_sentence_mark(text):
        return "short line"
    return None


def _is_table_row(text: str) -> bool:
    """A row of a table written in text ("| 2010-01-12 | Haiti | 7.0 |"): cells, not a
    sentence. A 200,000-row Markdown table was parsed as prose for six minutes and gave
    one claim."""
    row = text.strip()
    return len(row) > 1 and row[0] == "|" == row[-1] and row.count("|") >= 3


def _is_dateline(text: str) -> bool:
    """A line that is only a date/time stamp ("Updated: 8 June 2025 10:32 GMT")."""
    if not any(ch.isdigit() for ch in text) or _ends_sentence_mark(text.rstrip(".")):
        return False
    tokens = re.findall(r"[^\W\d_]+|\d+", text.lower())
    words = [t for t in tokens if not t.isdigit()]
    has_date = any(t in _MONTHS for t in words) or any(len(t) == 4 and t.isdigit() for t in tokens)
    return has_date and all(w in _DATE_WORDS for w in words)


def _is_related_heading(line: _Line) -> bool:
    return line.words <= 6 and bool(_RELATED.fullmatch(_phrase(line.text)))


def _is_paragraph(line: _Line) -> bool:
    return line.words >= 12 and _is_sentence_end(line.text)


def find_boilerplate(text: str) -> list[Range]:
    """Ranges ``[start, end, reason]`` of ``text`` that are page furniture, not evidence.

    Pure and total: any string gives sorted, non-overlapping, in-bounds ranges; each range
    starts and ends on non-blank characters. A range is one or more whole lines, or a
    credit or wire notice run into a line of text. Consecutive ranges with the same
    reason (blank lines between them allowed) are merged into one range.
    """
    lines = _lines(text)
    reasons: list[str | None] = [None] * len(lines)

    # Related-links sections first: everything in one is skipped for that one reason.
    # Above the article the same words ("Hot Posts", "Latest") head a ticker, whose lines
    # the per-line rules catch; swallowing everything after it would eat the headline.
    i = 0
    while i < len(lines):
        if lines[i].start >= len(text) * _RELATED_FROM and _is_related_heading(lines[i]):
            j = i + 1
            while j < len(lines) and not _is_paragraph(lines[j]):
                j += 1
            if j > i + 1 or j == len(lines):
                for k in range(i, j):
                    reasons[k] = "related links"
            i = j
        else:
            i += 1

    seen: set[str] = set()
    normals = [_normalised(line.text) for line in lines]
    for k, line in enumerate(lines):
        if reasons[k] is not None:
            continue
        reason = _line_reason(line)
        norm = normals[k]
        if reason is None and norm:
            if norm in seen:
                reason = "repeated"
            elif len(norm) >= 40 and _is_prefix_of_neighbour(normals, k):
                reason = "repeated"
        reasons[k] = reason
        if reason is None and norm:
            seen.add(norm)

    thread = comments_start(text)
    ranges: list[Range] = []
    for line, reason in zip(lines, reasons, strict=True):
        if thread is not None and line.end > thread:
            if line.start < thread:  # the first header is run into a line of the text
                ranges.extend((a, a + len(text[a:min(b, thread)].rstrip()), why)
                              for a, b, why in _units_in_line(line) if a < thread)
            ranges.append((thread, lines[-1].end, "comments"))
            break
        parts = [(line.start, line.end, reason)] if reason else _units_in_line(line)
        for start, end, why in parts:
            if ranges and ranges[-1][2] == why and _only_blank(text, ranges[-1][1], start):
                ranges[-1] = (ranges[-1][0], end, why)
            else:
                ranges.append((start, end, why))
    return ranges


def _is_prefix_of_neighbour(normals: list[str], k: int) -> bool:
    """A line that is the start of a nearby longer line is that line's teaser."""
    mine = normals[k]
    for other in normals[max(0, k - 3) : k + 4]:
        if len(other) > len(mine) and other.startswith(mine):
            return True
    return False


def _only_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def in_ranges(ranges: list[Range], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies wholly inside one of ``ranges``."""
    return any(a <= start and end <= b for a, b, _ in ranges)


def guess_title(text: str, ranges: list[Range] | None = None) -> str | None:
    """The first line that is not boilerplate, if it looks like a headline.

    A headline is short (at most 25 words and 200 characters) and does not end with a
    full stop. Anything else gives ``None``: a wrong title is worse than none.
    """
    if ranges is None:
        ranges = find_boilerplate(text)
    for line in _lines(text):
        if in_ranges(ranges, line.start, line.end):
            continue
        candidate = line.text.lstrip("#").strip()
        if (
            candidate
            and line.words <= 25
            and len(candidate) <= 200
            and not candidate.endswith((".", "…", ","))
        ):
            return candidate
        return None
    return None
