"""Every command README.md and docs/ show runs as written.

Each line of a shell block (```` ``` ```` with no language, or ``sh``/``bash``/``console``) is a
command: ``workbench ...``, ``make ...``, ``.venv/bin/python ...``, or another program's
(installing the export clients). The cheap ``workbench`` commands run for real, in the order
the documents give them, in a folder laid out like the project (``seeds/``, ``tests/data/``,
``db/workbench.db``), one fresh folder a block so that each block's files are its own. The
TUI and the evaluations on ``../shared/data`` are interactive or take minutes: click parses
their exact arguments without running them, as it does the usage lines of the README's
command table (``[--out FILE]``, ``md|html|...``, with every alternative), so a renamed
command or option fails here. ``make`` targets must exist and expand (``make -n``), the test
files and markers a pytest line names must exist, a bench script must take the options shown.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from workbench.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "db" / "README.md"]
FENCE = re.compile(r"^( *)```(\w*)\n(.*?)^\1```", re.S | re.M)
SHELL = ("", "sh", "bash", "console")
INLINE = re.compile(r"`((?:[A-Z_]+=\S+ )*(?:workbench|make|\.venv/bin/\w+|bash) [^`]*)`")
# other people's programs (installing the export clients): not ours to check
EXTERNAL = {"apt-get", "npm"}
# `workbench` commands cheap enough to run for real (no TUI, seconds on the seeds)
RUN = {("build",), ("status",), ("export",), ("doc", "set"), ("eval", "chronology"),
       ("check",), ("ingest",), ("extract",), ("group",)}
# what the usage lines' placeholders stand for
PLACEHOLDERS = {"PATH...": "seeds/", "PATH": "seeds/", "DIR": "somewhere/", "FILE": "out.md",
                "N": "2", "ID": "1", "YYYY-MM-DD": "2025-06-02",
                "GOLD.json": "tests/data/seeds_chronology.json", "TITLE": "Talks",
                "NAME": "Wire", "URL": "https://example.org/talks"}


@dataclass(frozen=True)
class Command:
    where: str  # file:line
    text: str  # as written, without its comment
    block: str  # the shell block it is in ("README.md#3"); "" for a usage line in backticks

    @property
    def env_and_words(self) -> tuple[dict[str, str], list[str]]:
        words = shlex.split(self.text.replace("[", " [ ").replace("]", " ] "))
        env = {}
        while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
            key, _, value = words.pop(0).partition("=")
            env[key] = value
        return env, words

    @property
    def program(self) -> str:
        return self.env_and_words[1][0]

    def variants(self) -> list[list[str]]:
        """The argument lists the line stands for: every ``[...]`` left out, then each
        alternative of each optional part and each ``a|b`` word in turn, placeholders
        filled in; a ``> FILE`` redirection stays as the last two words."""
        words = self.env_and_words[1][1:]
        slots: list[tuple[bool, list[list[str]]]] = []  # (optional, alternatives)
        i = 0
        while i < len(words):
            if words[i] == "[":
                end = words.index("]", i)
                alternatives = " ".join(words[i + 1:end]).split(" | ")
                slots.append((True, [a.split() for a in alternatives]))
                i = end + 1
            else:
                slots.append((False, [[w] for w in words[i].replace("\\|", "|").split("|")]
                              if "|" in words[i] and words[i] != "|" else [[words[i]]]))
                i += 1

        def fill(chosen: list[list[str]]) -> list[str]:
            out: list[str] = []
            for word in (w for part in chosen for w in part):
                if word in PLACEHOLDERS:  # (the PATH of --db is a file)
                    word = "db/other.db" if out[-1:] == ["--db"] else PLACEHOLDERS[word]
                out.append(word)
            return out

        base = [[] if optional else alts[0] for optional, alts in slots]
        out = [fill(base)]
        for k, (optional, alts) in enumerate(slots):
            for alt in alts if optional else alts[1:]:
                out.append(fill(base[:k] + [alt] + base[k + 1:]))
        return out


def _documented() -> list[Command]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        name = doc.relative_to(ROOT).as_posix()
        for n, block in enumerate(FENCE.finditer(text)):
            if block.group(2) not in SHELL:
                continue
            first = text.count("\n", 0, block.start(3)) + 1
            for k, line in enumerate(block.group(3).splitlines()):
                command = re.sub(r"\s+#\s.*$", "", line).strip()
                if command:
                    found.append(Command(f"{name}:{first + k}", command, f"{name}#{n}"))
        outside = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        for m in INLINE.finditer(outside):
            found.append(Command(f"{name}:{outside.count(chr(10), 0, m.start()) + 1}",
                                 " ".join(m.group(1).split()), ""))
    return found


COMMANDS = _documented()


def _ids(commands: list[Command]) -> list[str]:
    return [f"{c.where} {c.text}" for c in commands]


def parse(args: list[str]) -> tuple[str, ...]:
    """Parse ``args`` as ``workbench`` would, down to the last subcommand, without running
    anything: an unknown command or option, a missing argument or a bad value raises
    ``click.UsageError``. Returns the subcommand's path, e.g. ``("eval", "t17")``."""
    args = list(args)  # click's parser consumes the list it is given
    cmd: click.Command = cli
    ctx: click.Context | None = None
    name, path = "workbench", []
    while True:
        ctx = click.Context(cmd, info_name=name, parent=ctx, **cmd.context_settings)
        with ctx.scope(cleanup=False):
            # the options and arguments of this (sub)command; a group leaves its subcommand
            # and that one's words
            rest = click.Command.parse_args(cmd, ctx, args)
        if not isinstance(cmd, click.Group) or not rest:
            return tuple(path)
        name, sub, args = cmd.resolve_command(ctx, rest)
        assert name is not None and sub is not None
        cmd = sub
        path.append(name)


def test_the_readme_is_for_users_and_short():
    """Measurement history and method live in docs/; the README stays a user's page."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250
    assert "docs/QUALITY.md" in readme and "docs/DEVELOPING.md" in readme


def test_documents_show_commands():
    programs = {c.program for c in COMMANDS}
    assert {"workbench", "make", ".venv/bin/python"} <= programs, programs
    assert sum(c.program == "workbench" and c.block != "" for c in COMMANDS) >= 15


@pytest.mark.parametrize("command", COMMANDS, ids=_ids(COMMANDS))
def test_every_documented_command_is_one_we_can_check(command):
    """A line of a shell block that is no command we know (a typo, prose in a code block)
    fails here rather than going unchecked."""
    assert command.program in {"workbench", "make", "bash"} | EXTERNAL or (
        command.program.startswith(".venv/bin/"))


WORKBENCH = [c for c in COMMANDS if c.program == "workbench"]


@pytest.mark.parametrize("command", WORKBENCH, ids=_ids(WORKBENCH))
def test_workbench_commands_parse(command):
    for args in command.variants():
        args = args[:-2] if len(args) > 2 and args[-2] == ">" else args
        try:
            parse(args)
        except click.MissingParameter:
            if command.block:  # a command line in a shell block is whole
                raise
            # prose in backticks may name a command without its arguments ("`doc set`")
        except click.UsageError as exc:
            pytest.fail(f"{command.where}: `workbench {' '.join(args)}`: {exc.format_message()}")


OTHERS = [c for c in COMMANDS if c.program in {"make", "bash"} or c.program.startswith(".venv/")]


@pytest.mark.parametrize("command", OTHERS, ids=_ids(OTHERS))
def test_make_pytest_bench_and_script_lines_name_what_exists(command, pytestconfig):
    _env, words = command.env_and_words
    if words[0] == "make":
        rules = set(re.findall(r"^([\w.-]+):", (ROOT / "Makefile").read_text(), re.M))
        for target in words[1:]:
            assert target in rules, f"{command.where}: the Makefile has no {target} target"
            done = subprocess.run(["make", "-n", "-C", str(ROOT), target],
                                  capture_output=True, text=True)
            assert done.returncode == 0, f"{command.where}: make {target}: {done.stderr}"
        return
    if words[0] == "bash":
        assert (ROOT / words[1]).is_file(), f"{command.where}: no {words[1]}"
        return
    if words[1:3] == ["-m", "pytest"]:
        declared = {line.split(":")[0] for line in pytestconfig.getini("markers")}
        for before, word in zip(words[2:], words[3:], strict=False):
            if word.startswith("tests/"):
                assert (ROOT / word).exists(), f"{command.where}: no {word}"
            if before == "-m":  # a marker expression: its markers are declared
                assert set(re.findall(r"\w+", word)) - {"not", "and", "or"} <= declared
        return
    if words[0] == ".venv/bin/python":  # a script of ours
        script = ROOT / words[1]
        assert script.suffix == ".py" and script.is_file(), f"{command.where}: no {words[1]}"
        program, args = [sys.executable, str(script)], words[2:]
    else:  # a tool the test extra installs (mypy, ruff)
        tool = Path(sys.executable).parent / Path(words[0]).name
        assert tool.is_file(), f"{command.where}: no {words[0]} (make install)"
        program, args = [str(tool)], words[1:]
        for path in (w for w in args if not w.startswith("-")):
            assert (ROOT / path).exists(), f"{command.where}: no {path}"
    shown = subprocess.run([*program, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert shown.returncode == 0, shown.stderr
    for option in (w for w in args if w.startswith("--")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", shown.stdout), (
            f"{command.where}: {' '.join(words[:2])} has no {option}")


@pytest.mark.slow
def test_the_cheap_commands_run_as_written(tmp_path, monkeypatch):
    """In the documents' order, on the seeds: build, status, export in every format,
    doc set, eval chronology. Each exits 0 and writes the file it names."""
    monkeypatch.delenv("WORKBENCH_DB", raising=False)  # db/workbench.db, as documented
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "no-config.toml"))
    (tmp_path / "db").mkdir()
    ran: list[str] = []
    folders: dict[str, Path] = {}
    for command in (c for c in WORKBENCH if c.block):
        args, *others = command.variants()
        if parse(args[:-2] if ">" in args else args) not in RUN:
            continue
        assert not others, f"{command.where}: a line run for real has no [...] nor a|b"
        folder = folders.get(command.block)
        if folder is None:  # a fresh folder a block, sharing the one database
            folder = folders[command.block] = tmp_path / f"block{len(folders)}"
            folder.mkdir()
            for name in ("seeds", "tests", "db"):
                (folder / name).symlink_to(ROOT / name if name != "db" else tmp_path / "db")
        monkeypatch.chdir(folder)
        out = None
        if ">" in args:
            args, out = args[:-2], folder / args[-1]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, f"{command.where}: {command.text}\n{result.output}"
        if out is not None:
            out.write_text(result.stdout, encoding="utf-8")
        for flag in ("-o", "--out"):
            if flag in args:
                out = folder / args[args.index(flag) + 1]
        if out is not None:
            assert out.stat().st_size > 0, f"{command.where}: {out.name} is empty"
            if out.suffix == ".json":
                json.loads(out.read_text(encoding="utf-8"))
        ran.append(" ".join(args[:2]))
    assert (tmp_path / "db" / "workbench.db").is_file()
    # what the README walks through, at least
    assert {"build seeds/", "status", "export --format", "doc set",
            "--db db/workbench.db"} <= set(ran), ran


def _commands(group, prefix=()):
    import click

    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_commands_help_shows_an_example():
    """README: `--help` on any command shows an example; `doc` and `eval` showed none."""
    from click.testing import CliRunner

    from workbench.cli import cli

    for words, _command in _commands(cli):
        result = CliRunner().invoke(cli, [*words, "--help"])
        assert result.exit_code == 0, words
        assert "Example" in result.output, " ".join(words)


def test_every_example_in_help_is_one_line_a_user_can_copy():
    """An example wrapped by the help's width (``doc set ... --published`` / ``2025-06-02``
    on the next line, a tester found), or wider than the terminal (which broke it
    mid-word, "2025-06-" / "02"), cannot be copied as one command: each line of an example
    is shown whole, within the 80 columns a terminal gives."""
    from click.testing import CliRunner

    from workbench.cli import cli

    for words, command in _commands(cli):
        lines = CliRunner().invoke(cli, [*words, "--help"], terminal_width=80).output.splitlines()
        # ... and no line wider than the terminal, which would break it mid-word
        assert all(len(line) <= 80 for line in lines), (" ".join(words), max(lines, key=len))
        shown = [" ".join(line.split()) for line in lines]
        for line in (command.help or "").splitlines():
            example = line.strip().removeprefix("Example:").removeprefix("Examples:").strip()
            if example.startswith("workbench "):
                example = " ".join(example.split())
                assert any(example in s for s in shown), (" ".join(words), example)
