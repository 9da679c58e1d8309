"""The ``policylib`` command line: the notebooks' results as CSV, JSON or a readable table.

Heavy libraries (scikit-learn, matplotlib) are imported only by the subcommands that need them,
so ``policylib corpus`` starts quickly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policylib.scoring.frameworks import DEFAULT_FRAMEWORK

if TYPE_CHECKING:
    import pandas as pd

    from policylib.reading.corpus import Corpus
    from policylib.scoring.frameworks import Framework

__all__ = ["main"]

FORMATS = ("table", "csv", "json")


class CommandError(Exception):
    """A user-facing error: printed as one line, exit status 1."""


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="chapter files (.txt .md .html .htm) or folders searched recursively",
    )
    parser.add_argument(
        "--manifest",
        help="manifest CSV with metadata (default: manifest.csv beside the files or one folder up)",
    )
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress bars or skipped-file notes on stderr",
    )


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="table", help="output format (default: table)"
    )
    parser.add_argument("--output", "-o", help="write to this file instead of standard output")


def _add_framework(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--framework",
        default=DEFAULT_FRAMEWORK,
        help="bundled framework id or path to a framework YAML file "
        f"(default: {DEFAULT_FRAMEWORK})",
    )
    parser.add_argument(
        "--exclude-template",
        action="store_true",
        help="ignore text that several documents share word for word",
    )
    parser.add_argument(
        "--examples",
        metavar="FILE",
        help="your judgements (CSV or YAML: doc, element, verdict accept|reject|example, text, "
        "note): rejected passages never count, accepted ones do, examples teach the element",
    )


def _positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _at_least_two(value: str) -> int:
    """An argparse type: a whole number of at least 2 (shared by two documents or more)."""
    number = _positive(value)
    if number < 2:
        raise argparse.ArgumentTypeError("must be at least 2: text in one document is not shared")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a ``--help`` for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="policylib",
        description="Compare councils' children's services policy chapters with the national "
        "frameworks of children's social care.",
    )
    from policylib import __version__

    parser.add_argument("--version", action="version", version=f"policylib {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "corpus",
        help="one row per document: metadata and section count",
        description="List the documents found under PATH with their metadata.",
    )
    _add_paths(p)
    _add_format(p)
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser(
        "manifest",
        help="a starter manifest.csv from what policylib reads in each file",
        description="Write a starter manifest (file, council, chapter_title, source_url, "
        "amended, last_updated, version, notes) from what policylib read in each chapter, for "
        "you to check and save as manifest.csv beside the chapters.",
    )
    _add_paths(p)
    _add_format(p)
    p.set_defaults(func=cmd_manifest, format="csv")

    p = sub.add_parser(
        "inspections",
        help="Ofsted inspection reports (PDF): improvement points or judgements",
        description="Read Ofsted ILACS inspection reports (PDF files or folders of them): one "
        "row per 'What needs to improve?' point (council, published, n, text, tag_raw, element, "
        "predicted_element), or with --judgements one row per report with its grades.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="PDF reports or folders of them")
    p.add_argument("--judgements", action="store_true", help="one row per report: its grades")
    p.add_argument("--quiet", "-q", action="store_true", help="no notes on stderr")
    _add_format(p)
    p.set_defaults(func=cmd_inspections)

    p = sub.add_parser(
        "sections",
        help="one row per section of every document",
        description="Parse chapters into sections and print one row per section.",
    )
    _add_paths(p)
    _add_format(p)
    p.set_defaults(func=cmd_sections)

    p = sub.add_parser(
        "coverage",
        help="which framework elements each document expresses",
        description="Score every document against a framework: one row per "
        "(document, element) with status present/partial/missing and evidence.",
    )
    _add_paths(p)
    _add_framework(p)
    _add_format(p)
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser(
        "similarity",
        help="council-to-council similarity matrix",
        description="Cosine similarity between documents (TF-IDF).",
    )
    _add_paths(p)
    p.add_argument(
        "--exclude-template", action="store_true", help="compare only locally written text"
    )
    p.add_argument(
        "--top",
        type=_positive,
        metavar="K",
        help="instead of the full matrix, each document's K nearest neighbours (one row each; "
        "use this for large corpora)",
    )
    _add_format(p)
    p.set_defaults(func=cmd_similarity)

    p = sub.add_parser(
        "shared",
        help="template passages shared by several documents",
        description="Find passages that several documents share word for word "
        "or nearly so, and each document's share of locally written text.",
    )
    _add_paths(p)
    p.add_argument(
        "--min-docs",
        type=_at_least_two,
        default=2,
        help="a passage must appear in at least this many documents (default 2, at least 2)",
    )
    _add_format(p)
    p.set_defaults(func=cmd_shared)

    p = sub.add_parser(
        "terms",
        help="distinctive terms of one document",
        description="Terms that set one document apart from the others and from "
        "the framework's own wording.",
    )
    _add_paths(p)
    p.add_argument("--doc", required=True, help="document id (file stem)")
    p.add_argument("--top", type=_positive, default=15, help="terms to show (default 15)")
    p.add_argument(
        "--against",
        choices=("others", "framework"),
        default="others",
        help="rank by how much more this document uses a term than the other documents "
        "(others), or list its strongest terms that the framework never uses (framework)",
    )
    _add_format(p)
    p.set_defaults(func=cmd_terms)

    p = sub.add_parser(
        "report",
        help="evidence pack for one chapter (.html, .docx, .xlsx or .csv)",
        description="Write an inspection evidence pack for one chapter; the "
        "format follows the output file's extension.",
    )
    _add_paths(p)
    p.add_argument("--doc", required=True, help="document id (file stem)")
    _add_framework(p)
    p.add_argument("-o", "--output", required=True, help="output file: .html, .docx, .xlsx or .csv")
    p.add_argument(
        "--inspection",
        metavar="REPORT.pdf",
        help="the council's Ofsted ILACS report: sets its findings beside each element",
    )
    p.set_defaults(func=cmd_report)
    return parser


def _show_progress(args: argparse.Namespace) -> bool:
    """Progress bars only on a terminal, and never with --quiet."""
    return not args.quiet and sys.stderr.isatty()


def _load(args: argparse.Namespace) -> Corpus:
    import os

    from policylib.reading.corpus import load_corpus

    paths = list(args.paths)
    workers = 2 if (os.cpu_count() or 1) > 1 and _many_files(paths) else 1
    corpus = load_corpus(
        args.paths, manifest=args.manifest, progress=_show_progress(args), workers=workers
    )
    if not args.quiet:
        for p in corpus.problem_list:
            where = f"{p.path}:{p.line}" if p.line else p.path
            from policylib.showing.output import terminal_text

            message = terminal_text(f"policylib: {p.action}: {where}: {p.problem}")
            print(message, file=sys.stderr)
    if not len(corpus):
        raise CommandError("no chapters could be loaded from " + ", ".join(args.paths))
    return corpus


def _many_files(paths: list[str], threshold: int = 200) -> bool:
    """True when the paths hold enough files for a second process to pay for itself."""
    count = 0
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for _ in p.rglob("*"):
                count += 1
                if count >= threshold:
                    return True
        else:
            count += 1
    return count >= threshold


def _emit(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    import pandas as pd

    from policylib.showing.output import OutputError, atomic_write, spreadsheet_text, terminal_text

    fmt = args.format
    text_columns = [
        c
        for c in frame.columns
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])
    ]
    if fmt == "csv":
        # Every cell a spreadsheet would run as a formula is neutralised (leading apostrophe).
        safe = frame.copy()
        for col in text_columns:
            safe[col] = safe[col].map(spreadsheet_text)
        out = safe.to_csv(index=False)
    elif fmt == "json":
        out = frame.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    else:
        shown = frame.copy()
        for col in text_columns:
            shown[col] = shown[col].map(_clip)
        out = shown.to_string(index=False) + "\n"
    if args.output:
        try:
            with atomic_write(args.output) as stream:
                stream.write(out)
        except OutputError as exc:
            raise CommandError(str(exc)) from None
    else:
        sys.stdout.write(terminal_text(out) if fmt == "table" else out)


def _clip(value: object, width: int = 60) -> object:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value if len(value) <= width else value[: width - 1] + "…"
    return value


def cmd_corpus(args: argparse.Namespace) -> None:
    corpus = _load(args)
    frame = corpus.documents.drop(columns=["metadata_source"])
    _emit(frame, args)


def cmd_sections(args: argparse.Namespace) -> None:
    corpus = _load(args)
    cols = [
        "doc",
        "council",
        "section_id",
        "level",
        "kind",
        "heading",
        "heading_path",
        "text",
        "start",
        "end",
    ]
    _emit(corpus.sections[cols], args)


def _framework(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from policylib.scoring.frameworks import FrameworkError, load_framework

    try:
        return load_framework(args.framework)
    except FrameworkError as exc:
        raise CommandError(str(exc)) from None


def cmd_inspections(args: argparse.Namespace) -> None:
    from policylib.reading.inspections import judgements, read_inspections
    from policylib.scoring.findings import improvement_points
    from policylib.showing.output import terminal_text

    reports, problems = read_inspections(args.paths)
    if not args.quiet:
        for _, why in problems:
            print(terminal_text(f"policylib: skipped: {why}"), file=sys.stderr)
    if not reports:
        raise CommandError("no inspection reports could be read")
    table = judgements(reports) if args.judgements else improvement_points(reports)
    _emit(table, args)


def cmd_manifest(args: argparse.Namespace) -> None:
    from policylib.reading.corpus import starter_manifest

    _emit(starter_manifest(_load(args)), args)


def cmd_coverage(args: argparse.Namespace) -> None:
    from policylib.scoring.coverage import COVERAGE_COLUMNS, coverage

    framework = _framework(args)
    corpus = _load(args)
    examples = _examples(args, framework)
    import os

    table = coverage(
        corpus,
        framework,
        exclude_template=args.exclude_template,
        progress=_show_progress(args),
        examples=examples,
        workers=2 if (os.cpu_count() or 1) > 1 else 1,  # used above 500 chapters
    )
    if examples is not None and not args.quiet:
        from policylib.scoring.examples import examples_effect

        plain = coverage(corpus, framework, exclude_template=args.exclude_template)
        changed = examples_effect(plain, table)
        moves = (changed.status_before + " → " + changed.status_after).value_counts(sort=False)
        detail = ", ".join(f"{n} {move}" for move, n in moves.items())
        print(
            f"policylib: {args.examples}: {len(examples)} judgements, "
            f"{len(changed)} verdicts changed" + (f" ({detail})" if detail else ""),
            file=sys.stderr,
        )
    _emit(table[list(COVERAGE_COLUMNS)], args)


def _examples(args: argparse.Namespace, framework: Framework) -> pd.DataFrame | None:
    """The judgements file named by ``--examples``, read and checked (or None)."""
    if not getattr(args, "examples", None):
        return None
    from policylib.scoring.examples import ExamplesError, read_examples

    try:
        return read_examples(args.examples, framework)
    except ExamplesError as exc:
        raise CommandError(str(exc)) from None


def cmd_similarity(args: argparse.Namespace) -> None:
    import os

    from policylib.scoring.compare import neighbours, similarity

    corpus = _load(args)
    try:
        if args.top:
            table = neighbours(
                corpus,
                k=args.top,
                exclude_template=args.exclude_template,
                progress=_show_progress(args),
                workers=2 if (os.cpu_count() or 1) > 1 else 1,  # used above 1,000 chapters
            )
            _emit(table.round({"similarity": 3}), args)
            return
        matrix = similarity(corpus, exclude_template=args.exclude_template)
    except ValueError as exc:
        hint = " (drop --exclude-template)" if args.exclude_template else ""
        raise CommandError(f"cannot compare these documents: {exc}{hint}") from None
    _emit(matrix.round(3).reset_index(), args)


def cmd_shared(args: argparse.Namespace) -> None:
    from policylib.scoring.template import shared_passages

    corpus = _load(args)
    _emit(shared_passages(corpus, min_docs=args.min_docs), args)


def cmd_terms(args: argparse.Namespace) -> None:
    from policylib.scoring.compare import distinctive_terms

    corpus = _load(args)
    if args.doc not in corpus.docs:
        raise CommandError(f"no document {args.doc!r}; known ids: {', '.join(corpus.docs)}")
    _emit(distinctive_terms(corpus, args.doc, top=args.top, against=args.against), args)


def cmd_report(args: argparse.Namespace) -> None:
    from policylib.showing.report import ReportError, write_report

    framework = _framework(args)
    corpus = _load(args)
    try:
        path = write_report(
            corpus,
            args.doc,
            args.output,
            framework=framework,
            exclude_template=args.exclude_template,
            examples=_examples(args, framework),
            inspection=args.inspection,
        )
    except ReportError as exc:
        raise CommandError(str(exc)) from None
    except ValueError as exc:  # InspectionError: the PDF named by --inspection
        raise CommandError(str(exc)) from None
    if not args.quiet:
        print(f"policylib: wrote {path}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 error, 2 usage).

    >>> main(['--version'])  # doctest: +SKIP
    >>> main(['corpus', 'no-such-folder', '--quiet'])
    1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], None] = args.func
    try:
        func(args)
    except CommandError as exc:
        print(f"policylib: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover - e.g. piping into `head`
        return 0
    return 0
