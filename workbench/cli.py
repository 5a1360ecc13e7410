"""The ``workbench`` command line. Each command is a thin wrapper over a core function
that tests and the TUI call too; commands owned by a stage live in that stage's
``command.py`` and are attached here."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path

import click

from . import db as dbmod
from .console import Context, pass_ctx


class _Commands(click.Group):
    """A database that fails under a command (read-only, disk full, locked, damaged) is
    one line naming the file and what to do, and exit status 1, never a traceback. Each
    write is one transaction, so what was being written is rolled back whole."""

    # the options every command takes, wherever they stand ("workbench status --db x")
    _EVERYWHERE = {"--db": True, "-q": False, "--quiet": False}  # takes a value?

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``--db`` and ``-q`` after the command are the group's too, unless that command
        has an option of the name (``eval fit-suggestions --db``): they move in front."""
        if ctx.parent is None:
            args = _hoisted(self, list(args))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.Error as exc:
            obj = ctx.obj if isinstance(ctx.obj, Context) else None
            where = obj.db_path if obj is not None else dbmod.default_db_path()
            raise click.ClickException(dbmod.explain(where, exc)) from None


def _hoisted(group: click.Group, args: list[str]) -> list[str]:
    command: click.Command = group
    names: set[str] = set()
    for token in args:  # the command the arguments name, through its groups
        if isinstance(command, click.Group) and token in command.commands:
            command = command.commands[token]
            names = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
    if command is group or "--" in args:
        return args
    at = next(i for i, token in enumerate(args) if token in group.commands)
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        name = token.split("=", 1)[0]
        if i > at and name in _Commands._EVERYWHERE and name not in names:
            takes = _Commands._EVERYWHERE[name] and "=" not in token
            front += args[i:i + 2] if takes else [token]
            i += 2 if takes else 1
            continue
        rest.append(token)
        i += 1
    return front + rest


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite database to work on [default: $WORKBENCH_DB or db/workbench.db].",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summaries.")
@click.version_option(package_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, quiet: bool) -> None:
    """Turn overlapping news reports into a verified, cited chronology.

    \b
    Typical session:
      workbench build seeds/          # ingest + extract + group
      workbench review                # decide on each event group
      workbench export --format md    # the verified chronology
    """
    ctx.obj = Context(db_path or dbmod.default_db_path(), quiet)


def _refuse_if_nothing_there(obj: Context, paths: tuple[Path, ...]) -> None:
    """When no path given is there, say so of each and stop before the database is
    opened: a typo made an empty database file beside the error."""
    if any(os.path.lexists(p) for p in paths):
        return  # the missing ones are said by the ingest, beside the others' work
    for path in paths:
        obj.reporter.error(f"{path}: no such file or folder")
    sys.exit(1)


def _run_ingest(obj: Context, db, paths: tuple[Path, ...]):
    from .ingest import ingest_paths

    report = ingest_paths(db, list(paths), reporter=obj.reporter)
    obj.reporter.summary(report.summary())
    return report


def _jobs_option(f):
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None,
        help="Processes extracting at once [default: every core]; the claims are the same.",
    )(f)


def _run_extract(obj: Context, db, again: bool = False, jobs: int | None = None,
                 engine=None):
    from .extract import extract_pending
    from .extract.nlp import ModelNotInstalled
    from .extract.parallel import default_jobs

    try:
        report = extract_pending(db, reporter=obj.reporter, again=again,
                                 jobs=jobs or default_jobs(), engine=engine)
    except ModelNotInstalled as exc:
        raise click.ClickException(str(exc)) from None
    for problem in report.problems:
        obj.reporter.warning(problem)
    if undated := report.undated_message():
        obj.reporter.warning(undated)
    obj.reporter.summary(report.summary())
    return report


def _run_group(obj: Context, db, incremental: bool = False, engine=None):
    from .group import regroup

    report = regroup(db, reporter=obj.reporter, incremental=incremental, engine=engine)
    obj.reporter.summary(report.summary())
    return report


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_ctx
def ingest(obj: Context, paths: tuple[Path, ...]) -> None:
    """Add articles (.txt, .md, .html, .jsonl; folders recursively).

    The same content ingested twice is stored once. A problem with one file is
    reported on one line and the others are still ingested; exits 1 only when
    nothing could be ingested.

    \b
    Example: workbench ingest seeds/ extra/article.html
    """
    _refuse_if_nothing_there(obj, paths)
    report = _run_ingest(obj, obj.open_db(), paths)
    if report.failed and not report.ok:
        sys.exit(1)


@cli.command()
@click.option("--again", is_flag=True,
              help="Re-extract every document (reviewed groups keep their claims).")
@_jobs_option
@pass_ctx
def extract(obj: Context, again: bool, jobs: int | None) -> None:
    """Find dated claims in every document not yet extracted.

    Documents extracted by an older extractor are extracted again; claims a reviewer
    has placed are carried over by character overlap, and any that cannot be are listed.

    \b
    Example: workbench extract
    """
    _run_extract(obj, obj.open_db(), again, jobs)


@cli.command()
@pass_ctx
def group(obj: Context) -> None:
    """Group claims about the same event across sources and flag conflicts.

    Groups a reviewer has decided on keep their id, status and members; new
    evidence that matches one is attached and the group is marked as changed.

    \b
    Example: workbench group
    """
    _run_group(obj, obj.open_db())


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--if-empty", is_flag=True,
              help="Do nothing when the database already holds groups (what `make run` "
                   "uses: a first run builds, an interrupted build is finished, a built "
                   "database is left alone).")
@_jobs_option
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True,
              help="Where extraction and grouping run: this machine's processes, or a Ray "
                   "cluster (the extra: pip install 'workbench[ray]'); the result is the "
                   "same.")
@click.option("--address", default=None, metavar="ADDRESS",
              help="With --engine ray: the cluster to use ('auto' on one of its nodes, or "
                   "HOST:6379) [default: start a local one with --jobs CPUs].")
@pass_ctx
def build(obj: Context, paths: tuple[Path, ...], if_empty: bool, jobs: int | None,
          engine: str, address: str | None) -> None:
    """Ingest PATHS, then extract and group: the whole pipeline in one go.

    \b
    Examples:
      workbench build seeds/
      workbench build --engine ray --address auto archive/  # on a Ray cluster
    """
    if address and engine != "ray":
        raise click.UsageError("--address needs --engine ray")
    _refuse_if_nothing_there(obj, paths)
    db = obj.open_db()
    if if_empty and db["groups"].exists() and db["groups"].count:
        obj.reporter.summary(f"build: {obj.db_path} already holds {db['groups'].count} "
                             "groups; nothing built (--if-empty)")
        return
    cluster = _cluster(engine, address, jobs)
    ingested = _run_ingest(obj, db, paths)
    with _connected(cluster) as running:
        extracted = _run_extract(obj, db, jobs=jobs, engine=running)
        _run_group(obj, db, incremental=True, engine=running)
    if ingested.failed and not ingested.ok and not extracted.documents:
        sys.exit(1)


def _cluster(engine: str, address: str | None, jobs: int | None):
    """The Ray engine ``--engine ray`` asks for (not yet connected), or None; a missing
    extra is one line, before anything is written."""
    if engine != "ray":
        return None
    from .distributed import EngineMissing, RayEngine, require

    try:
        require()
    except EngineMissing as exc:
        raise click.ClickException(str(exc)) from None
    return RayEngine(address, cpus=jobs)


@contextlib.contextmanager
def _connected(cluster):
    if cluster is None:
        yield None
        return
    from .distributed import EngineError

    try:
        with cluster as running:
            yield running
    except EngineError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@pass_ctx
def status(obj: Context) -> None:
    """Counts of documents, claims, groups by status and conflicts.

    \b
    Example: workbench --db db/workbench.db status
    """
    from .stats import corpus_status, extraction_problems
    from .text import one_line

    db = obj.open_db(create=False)
    for label, value, resolved in corpus_status(db):
        click.echo(f"{label:<30}{value}" + (f" ({resolved} resolved)" if resolved else ""))
    for path, why in extraction_problems(db):
        click.echo(one_line(f"  failed: {path}: {why}"))


def _nothing_to_review(db_path) -> str:
    return (
        f"{db_path}: no such database yet. Build one first, e.g.\n"
        f"  workbench --db {db_path} build seeds/\n"
        "or run `make run` in the project folder (builds db/workbench.db from seeds/ and opens it)."
    )


@cli.command()
@click.pass_obj
def review(obj: Context) -> None:
    """Open the review workbench on the database.

    Keys: a accept, x reject, space skip, m merge, s split, e edit, u undo, / search,
    ? every key, ctrl+p every action, q quit. Every decision is saved as it is made.

    \b
    Example: workbench review
    """
    from .db import DatabaseError
    from .review.config import ConfigError, load_config

    if not obj.db_path.exists():
        raise click.ClickException(_nothing_to_review(obj.db_path))
    try:
        config = load_config()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if not _terminal():
        # piped or redirected, the full screen wrote its escape codes into the pipe and
        # waited for keys that could never come
        raise click.ClickException("review needs a terminal: standard input and output "
                                   "are not one here (run it in a terminal window)")
    # textual is imported here, not at module level: the CLI and the core stay headless.
    from .tui.app import WorkbenchApp

    try:
        app = WorkbenchApp(obj.db_path, config=config)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    app.run()


def _terminal() -> bool:
    """Can a person read and type here (patched in tests)?"""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _attach_stage_commands() -> None:
    """Commands that belong to one stage are defined in that stage's package."""
    from .db.command import check
    from .evaluate.command import eval_group
    from .export.command import export
    from .review.command import doc_group

    cli.add_command(export)
    cli.add_command(doc_group)
    cli.add_command(eval_group)
    cli.add_command(check)


_attach_stage_commands()


def main() -> None:
    cli(prog_name="workbench")


if __name__ == "__main__":
    main()
