"""Load chapter files into documents and a corpus of tidy DataFrames.

``load_corpus`` takes files and directories (searched recursively) of ``.txt``, ``.md``,
``.html`` and ``.htm`` chapters. Each becomes a :class:`Document` whose id is the file stem.
Metadata comes from a ``manifest.csv`` row when one exists (looked for beside the files and one
folder up), otherwise from the page itself, and is never guessed. Files that cannot be loaded are
skipped with a reason in :attr:`Corpus.problems`; the rest load normally.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylib.reading.furniture import read_metadata
from policylib.reading.html import read_html
from policylib.reading.sections import Section, Span, _packed, _unpacked, parse_sections
from policylib.reading.text import DecodeError, decode_bytes, normalise

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DOCUMENT_COLUMNS",
    "EXTENSIONS",
    "FURNITURE_COLUMNS",
    "MANIFEST_COLUMNS",
    "MAX_BYTES",
    "PROBLEM_COLUMNS",
    "SECTION_COLUMNS",
    "Corpus",
    "Document",
    "LoadError",
    "load_corpus",
    "paused_gc",
    "progress_bar",
    "read_document",
    "starter_manifest",
]

EXTENSIONS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
"""File endings policylib reads, and the format each is read as."""
MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this (20 MB) are not chapters and are skipped."""
MANIFEST_NAMES = ("manifest.csv", "MANIFEST.csv")
MANIFEST_COLUMNS = {
    "file": "the chapter's file name (required; matched to files beside the manifest)",
    "council": "the council or publisher",
    "chapter_title": "the chapter's title as the page gives it",
    "source_url": "where the page was saved from",
    "amended": "when the chapter was last amended: 2024-07, 2024-07-30 or 'July 2024'",
    "last_updated": "the page's 'last updated' date, used when no amendment date is known",
    "version": "the manual's version label (v21)",
    "notes": "anything a reader should know about the copy",
}
"""Columns of a ``manifest.csv`` (any may be empty except ``file``). A manifest's values
override what policylib reads from the page; ``policylib manifest DIR`` writes a starter."""

DOCUMENT_COLUMNS = {
    "doc": "document id (the file stem)",
    "council": "council or publisher",
    "title": "chapter title",
    "amended": "date of the last amendment (ISO, year-month or full date), '' if not stated",
    "last_updated": "'Last updated' date shown on the page, '' if not shown",
    "version": "version label such as 'v27', '' if not shown",
    "source_url": "where the chapter was published",
    "path": "the file it was read from",
    "format": "text, markdown or html",
    "encoding": "the encoding used to decode the file",
    "n_chars": "characters in the normalised text",
    "n_sections": "number of sections",
    "n_furniture": "lines removed as site furniture or metadata",
    "sha256": "SHA-256 of the normalised text, to cite a run",
    "metadata_source": "where each metadata field came from (field=manifest|html|text)",
}
SECTION_COLUMNS = {
    "doc": "document id",
    "council": "council or publisher",
    "section_id": "stable section id, '<doc>#<path>'",
    "parent_id": "the parent section's id, '' at the top",
    "level": "depth in the section tree (title 0, top-level headings 1)",
    "kind": "title, heading, paragraph, list_item or contents",
    "number": "the heading or item number as written, '' if none",
    "heading": "the section's own heading ('' for plain paragraphs)",
    "heading_path": "headings from the top down, joined by ' > '",
    "text": "the section's own text, exactly the document text from start to end",
    "start": "start offset in the document's normalised text",
    "end": "end offset (exclusive)",
}
FURNITURE_COLUMNS = {
    "doc": "document id",
    "kind": "furniture or metadata",
    "reason": "why the line was removed (or the metadata field it fills)",
    "value": "the metadata value read from the line, '' for furniture",
    "text": "the line as it appears in the document",
    "start": "start offset",
    "end": "end offset (exclusive)",
}
PROBLEM_COLUMNS = {
    "path": "the file or folder concerned",
    "line": "line number where it helps (manifest rows), else <NA>",
    "problem": "what is wrong, in plain words",
    "action": "skipped (not loaded), warning (loaded anyway) or ignored",
}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building or scanning millions of small
    objects (sections, tokens), then restore it. policylib's objects hold no reference cycles,
    so nothing is kept alive; the collector would only re-scan the loaded corpus again and
    again (measured: document TF-IDF fit 2.0 s → 1.05 s on 1,000 chapters).

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class LoadError(Exception):
    """A chapter file could not be loaded; the message names the file."""

    def __init__(self, path: str | os.PathLike[str], message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Document:
    """One chapter: its normalised text, metadata, sections and removed furniture.

    ``text[s.start:s.end] == s.text`` for every section and span, and sections plus spans cover
    every non-blank line of ``text`` exactly once.
    """

    doc: str
    text: str
    sections: tuple[Section, ...]
    spans: tuple[Span, ...]
    council: str = ""
    title: str = ""
    amended: str = ""
    last_updated: str = ""
    version: str = ""
    source_url: str = ""
    path: str = ""
    format: str = "text"
    encoding: str = "utf-8"
    metadata_source: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()  # loaded, but the reader should know (mixed encoding…)

    def __reduce__(self) -> tuple[Callable[..., Document], tuple[Any, ...]]:
        # Sections and spans pickled as columns of plain values: the loading workers send every
        # parsed document back to the parent, and one pickled object per section took twice as
        # long both ways.
        values = _DOCUMENT_FIELDS(self)
        return (_document, (*values[:2], _packed(self.sections), _packed(self.spans), *values[4:]))

    @property
    def sha256(self) -> str:
        """SHA-256 of the normalised text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def outline(self, width: int = 72) -> str:
        """The section tree as indented lines: kind, heading (or the start of the text)."""
        lines = []
        for s in self.sections:
            label = s.heading or " ".join(s.text.split())
            if s.kind == "heading" and s.number:
                label = f"{s.number}{'' if '.' in s.number else '.'} {label}"
            line = f"{'    ' * s.level}[{s.kind}] {label}"
            lines.append(line if len(line) <= width else line[: width - 1] + "…")
        return "\n".join(lines)


_DOCUMENT_FIELDS = attrgetter(*(f.name for f in fields(Document)))


def _document(doc: str, text: str, sections: Any, spans: Any, *rest: Any) -> Document:
    """A document from what :meth:`Document.__reduce__` pickled."""
    return Document(doc, text, _unpacked(Section, sections), _unpacked(Span, spans), *rest)


def read_document(
    path: str | os.PathLike[str], manifest_row: dict[str, str] | None = None
) -> Document:
    """Read one chapter file into a :class:`Document`.

    Raises:
        LoadError: naming the file, when it is missing, empty, too large, binary, undecodable,
            or holds no chapter text.

    >>> from policylib.resources import bundled_chapters
    >>> doc = read_document(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> doc.doc, doc.format, doc.title
    ('hull-values-principles-strategy', 'text', 'Values, Principles and Strategy')
    """
    path = Path(path)
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(path, f"not a chapter file type (expected {', '.join(EXTENSIONS)})")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(
                path,
                f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES // 2**20} MB limit "
                "for one chapter",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(path, "no such file") from None
    except IsADirectoryError:
        raise LoadError(path, "is a directory, not a file") from None
    except PermissionError:
        raise LoadError(path, "permission denied") from None
    if not data.strip():
        raise LoadError(path, "empty file")
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise LoadError(path, str(exc)) from None
    hints = None
    head: dict[str, str] = {}
    warnings = list(decoded.warnings)
    if fmt == "html":
        page = read_html(decoded.text)
        text = normalise(page.text)
        if text != page.text:  # pragma: no cover - read_html emits normalised lines
            raise LoadError(path, "internal error: HTML text was not normalised")
        if page.degraded:
            warnings.append("markup nested too deep to read its structure: read as plain text")
        hints = page.hints
        head = {
            "title": page.h1 or page.title,
            "source_url": page.canonical,
            "council": page.site_name,
        }
        if not _has_body(page.lines, hints):
            raise LoadError(path, "HTML page has no body text (only navigation or scripts)")
    else:
        text = normalise(decoded.text)
    doc_id = path.stem
    sections, spans = parse_sections(doc_id, text, hints)
    if not sections:
        raise LoadError(path, "no chapter text left after removing site furniture")
    from_text: dict[str, str] = {}
    for span in spans:
        if span.kind == "metadata" and span.reason in ("last_updated", "version"):
            from_text.setdefault(span.reason, span.value)
        if (
            span.kind == "furniture"
            and span.reason == "site header"
            and "council" in (span.text.lower())
        ):
            from_text.setdefault("council", span.text.strip())
    from_text.update(read_metadata(text))
    title_section = next((s for s in sections if s.kind == "title"), None)
    if title_section is not None:
        from_text["title"] = title_section.heading
    if "council" not in from_text:
        named = _council_named(text[:3000])
        if named:
            from_text["council"] = named
    if head.get("title") and not head.get("council"):
        named = _council_named(head["title"])
        if named:
            head["council"] = named
    # Never blank: with nothing better, the file name stands for the council and the title,
    # so chapters added without a manifest are never lumped together in a table.
    from_name = {"council": _name_from_file(doc_id), "title": _name_from_file(doc_id)}
    manifest_row = manifest_row or {}
    manifest = {
        "council": manifest_row.get("council", ""),
        "title": manifest_row.get("chapter_title", "") or manifest_row.get("title", ""),
        "amended": manifest_row.get("amended", ""),
        "last_updated": manifest_row.get("last_updated", ""),
        "version": manifest_row.get("version", ""),
        "source_url": manifest_row.get("source_url", ""),
    }
    values: dict[str, str] = {}
    provenance: list[tuple[str, str]] = []
    for key in ("council", "title", "amended", "last_updated", "version", "source_url"):
        sources = (("manifest", manifest), ("html", head), ("text", from_text), ("file", from_name))
        for source, table in sources:
            value = (table.get(key) or "").strip()
            if value:
                values[key] = value
                provenance.append((key, source))
                break
    return Document(
        doc=doc_id,
        text=text,
        sections=tuple(sections),
        spans=tuple(spans),
        path=str(path),
        format=fmt,
        encoding=decoded.encoding,
        metadata_source=tuple(provenance),
        warnings=tuple(warnings),
        **values,
    )


_COUNCIL = re.compile(
    r"\b((?:[A-Z][\w'’&.-]*\s+){1,5}(?:City|County|Borough|District|Metropolitan)?\s*"
    r"(?:Council|Children's Trust|Children’s Trust))\b"
)


def _council_named(text: str) -> str:
    """A council named near the top of a page ("Hull City Council", "Leeds City Council"), or
    ''. Only a capitalised name ending in Council or Children's Trust counts.

    >>> _council_named("Values and Principles | Hull City Council")
    'Hull City Council'
    >>> _council_named("The council will listen."), _council_named("Children in Care Council")
    ('', '')
    """
    m = _COUNCIL.search(text)
    if not m:
        return ""
    name = " ".join(m.group(1).split())
    if name.split()[0] in ("The", "This", "Our", "A", "Each", "Every"):
        return ""
    # A children in care council or a youth council is not the local authority.
    return "" if re.search(r"\b(?:Care|Youth|Parish|School|Children)\s+Council", name) else name


def _name_from_file(doc_id: str) -> str:
    """A readable name from a file's stem: "01_north-yorkshire" → "North Yorkshire".

    >>> _name_from_file("03_buckinghamshire"), _name_from_file("hull-values")
    ('Buckinghamshire', 'Hull Values')
    """
    words = re.sub(r"^[\d_\-\s]+", "", doc_id).replace("_", " ").replace("-", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or doc_id


def _has_body(lines: list[str], hints: dict[int, Any]) -> bool:
    return any(
        line.strip() and (i not in hints or hints[i].kind != "furniture")
        for i, line in enumerate(lines)
    )


@dataclass(slots=True)
class _Problem:
    path: str
    problem: str
    action: str = "skipped"
    line: int | None = None


@dataclass
class Corpus:
    """Loaded documents plus the problems met while loading them.

    The tidy views are DataFrames with documented columns: :attr:`documents` (one row per
    document, :data:`DOCUMENT_COLUMNS`), :attr:`sections` (one row per section,
    :data:`SECTION_COLUMNS`), :attr:`furniture` (:data:`FURNITURE_COLUMNS`) and
    :attr:`problems` (:data:`PROBLEM_COLUMNS`).
    """

    docs: dict[str, Document] = field(default_factory=dict)
    problem_list: list[_Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.docs.values())

    def __getitem__(self, doc: str) -> Document:
        try:
            return self.docs[doc]
        except KeyError:
            known = ", ".join(self.docs) or "none"
            raise KeyError(f"no document {doc!r} in the corpus; known ids: {known}") from None

    def __repr__(self) -> str:
        return f"<Corpus: {len(self.docs)} documents, {len(self.problem_list)} problems>"

    @property
    def councils(self) -> dict[str, str]:
        """Council of each document, by document id (the id when no council is known)."""
        return {d.doc: d.council or d.doc for d in self.docs.values()}

    def subset(self, docs: Iterable[str]) -> Corpus:
        """A corpus of only the named documents (unknown ids raise ``KeyError``)."""
        return Corpus({d: self[d] for d in docs}, [])

    @cached_property
    def documents(self) -> pd.DataFrame:
        import pandas as pd

        docs = list(self.docs.values())
        # Columns named after an attribute hold it; the others are worked out from the document.
        derived: dict[str, Callable[[Document], Any]] = {
            "n_chars": lambda d: len(d.text),
            "n_sections": lambda d: len(d.sections),
            "n_furniture": lambda d: len(d.spans),
            "metadata_source": lambda d: "; ".join(f"{k}={v}" for k, v in d.metadata_source),
        }
        rows = {
            c: [derived[c](d) if c in derived else getattr(d, c) for d in docs]
            for c in DOCUMENT_COLUMNS
        }
        return pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS))

    @cached_property
    def sections(self) -> pd.DataFrame:
        import pandas as pd

        # Every column but the council is the section's attribute of the same name.
        pairs = [(d, s) for d in self.docs.values() for s in d.sections]
        cols = {
            c: [d.council for d, _ in pairs]
            if c == "council"
            else [getattr(s, c) for _, s in pairs]
            for c in SECTION_COLUMNS
        }
        return pd.DataFrame(cols, columns=list(SECTION_COLUMNS))

    @cached_property
    def furniture(self) -> pd.DataFrame:
        import pandas as pd

        # Every column but the document is the span's attribute of the same name.
        pairs = [(d, s) for d in self.docs.values() for s in d.spans]
        cols = {
            c: [d.doc for d, _ in pairs] if c == "doc" else [getattr(s, c) for _, s in pairs]
            for c in FURNITURE_COLUMNS
        }
        return pd.DataFrame(cols, columns=list(FURNITURE_COLUMNS))

    @cached_property
    def problems(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame(
            {
                "path": [p.path for p in self.problem_list],
                "line": pd.array([p.line for p in self.problem_list], dtype="Int64"),
                "problem": [p.problem for p in self.problem_list],
                "action": [p.action for p in self.problem_list],
            },
            columns=list(PROBLEM_COLUMNS),
        )
        return frame


def _read_manifest(path: Path, problems: list[_Problem]) -> dict[str, tuple[dict[str, str], int]]:
    rows: dict[str, tuple[dict[str, str], int]] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "file" not in reader.fieldnames:
                problems.append(_Problem(str(path), "manifest has no 'file' column", "ignored"))
                return rows
            for row in reader:
                name = (row.get("file") or "").strip()
                if name:
                    rows[name] = ({k: (v or "") for k, v in row.items() if k}, reader.line_num)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(_Problem(str(path), f"manifest could not be read: {exc}", "ignored"))
    return rows


def _chapter_files(root: Path, problems: list[_Problem]) -> list[Path]:
    """Chapter files below a folder, in sorted order. Hidden files and folders are skipped;
    links are followed only to files inside the folder: a link out of it, a broken link and a
    link to a folder (which could loop) are reported and skipped."""
    inside = root.resolve()
    found: list[Path] = []
    for folder, subdirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for d in subdirs:
            if (here / d).is_symlink():
                problems.append(_Problem(str(here / d), "link to a folder: not followed"))
        for name in sorted(names):
            p = here / name
            if name.startswith(".") or p.suffix.lower() not in EXTENSIONS:
                continue
            if p.is_symlink():
                try:
                    target = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    problems.append(_Problem(str(p), "broken link: its target does not exist"))
                    continue
                if not target.is_relative_to(inside):
                    problems.append(
                        _Problem(str(p), f"link points outside the folder (to {target}): skipped")
                    )
                    continue
            if p.is_file():
                found.append(p)
    return sorted(found)


def _find_files(paths: Sequence[Path], problems: list[_Problem]) -> tuple[list[Path], list[Path]]:
    files: list[Path] = []
    dirs: list[Path] = []
    for path in paths:
        if path.is_dir():
            dirs.append(path)
            found = _chapter_files(path, problems)
            if not found:
                problems.append(
                    _Problem(
                        str(path), f"no chapter files ({', '.join(EXTENSIONS)}) in this folder"
                    )
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(_Problem(str(path), "path does not exist"))
    return files, dirs


def _load_one(args: tuple[Path, dict[str, str] | None]) -> Document | LoadError:
    try:
        return read_document(*args)
    except LoadError as exc:
        return exc
    except (RecursionError, MemoryError, ValueError, OSError) as exc:
        # Never let one file stop the load: name it and say what went wrong.
        return LoadError(args[0], f"could not be read ({type(exc).__name__}: {exc})")


def starter_manifest(corpus: Corpus) -> pd.DataFrame:
    """A manifest table (columns :data:`MANIFEST_COLUMNS`) filled with what was read from each
    document, for a researcher to check and correct; ``notes`` says where each value came from.

    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / "hull-values-principles-strategy.txt")
    >>> table = starter_manifest(hull)
    >>> table.loc[0, "file"], list(table.columns) == list(MANIFEST_COLUMNS)
    ('hull-values-principles-strategy.txt', True)
    """
    import pandas as pd

    rows = []
    for d in corpus:
        sources = "; ".join(f"{k} from {v}" for k, v in d.metadata_source)
        rows.append(
            {
                "file": Path(d.path).name,
                "council": d.council,
                "chapter_title": d.title,
                "source_url": d.source_url,
                "amended": d.amended,
                "last_updated": d.last_updated,
                "version": d.version,
                "notes": f"read by policylib: {sources}" if sources else "",
            }
        )
    return pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))


def load_corpus(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    manifest: str | os.PathLike[str] | None = None,
    workers: int = 1,
    progress: bool = False,
) -> Corpus:
    """Load chapters from files and folders into a :class:`Corpus`.

    Args:
        paths: a file, a folder (searched recursively), or a list of them.
        manifest: a manifest CSV (columns as ``corpus/manifest.csv``); by default a
            ``manifest.csv`` beside the files or one folder up is used.
        workers: processes to parse with; results are identical to a serial load.
        progress: show a progress bar (tqdm) while loading.

    Returns:
        The corpus. Nothing raises for a bad file: see ``corpus.problems``.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> len(corpus), corpus.problems.empty
    (5, True)
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    path_list = [Path(p) for p in paths]
    problems: list[_Problem] = []
    files, dirs = _find_files(path_list, problems)
    manifests: dict[Path, dict[str, tuple[dict[str, str], int]]] = {}
    candidates: list[Path] = [Path(manifest)] if manifest else []
    if manifest and not Path(manifest).is_file():
        problems.append(_Problem(str(manifest), "manifest file does not exist", "ignored"))
        candidates = []
    if not manifest:
        for folder in dict.fromkeys([*dirs, *(f.parent for f in files)]):
            for place in (folder, folder.parent):
                for name in MANIFEST_NAMES:
                    if (place / name).is_file():
                        candidates.append(place / name)
                        break
    for candidate in dict.fromkeys(candidates):
        manifests[candidate] = _read_manifest(candidate, problems)
    rows: dict[str, dict[str, str]] = {}
    for table in manifests.values():
        for name, (row, _) in table.items():
            rows.setdefault(name, row)
    jobs = [(f, rows.get(f.name)) for f in files]
    results: list[Document | LoadError]
    with paused_gc():
        if workers > 1 and len(jobs) > 1:
            # Files go to the workers in chunks of up to 64 (at least eight chunks a worker):
            # with chunks of 16, the workers waited for work more and more as the corpus grew
            # (60,000 chapters: 55 s, against 45 s with 64 and 42 s with 256; 256 left the main
            # process half a GB larger at 100,000 chapters).
            chunk = max(1, min(64, len(jobs) // (workers * 8)))
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(
                    progress_bar(pool.map(_load_one, jobs, chunksize=chunk), len(jobs), progress)
                )
        else:
            results = list(progress_bar(map(_load_one, jobs), len(jobs), progress))
    corpus = Corpus()
    for (file, _), result in zip(jobs, results, strict=True):
        if isinstance(result, LoadError):
            problems.append(_Problem(result.path, result.reason, "skipped", result.line))
            continue
        if result.doc in corpus.docs:
            other = corpus.docs[result.doc].path
            problems.append(
                _Problem(
                    str(file), f"duplicate document id {result.doc!r} (already loaded from {other})"
                )
            )
            continue
        corpus.docs[result.doc] = result
        problems.extend(_Problem(result.path, w, "warning") for w in result.warnings)
    loaded_names = {Path(d.path).name for d in corpus.docs.values()} | {f.name for f in files}
    for manifest_path, table in manifests.items():
        covered = [d for d in dirs if manifest_path.parent in (d, d.parent)]
        if not covered and not manifest:
            continue
        for name, (_, line) in table.items():
            if name not in loaded_names:
                problems.append(
                    _Problem(
                        str(manifest_path),
                        f"manifest row for missing file {name!r}",
                        "warning",
                        line,
                    )
                )
    corpus.problem_list = problems
    return corpus


def progress_bar(
    items: Iterable[Any], total: int, show: bool, desc: str = "loading", unit: str = "file"
) -> Iterable[Any]:
    """``items`` with a tqdm progress bar when ``show`` (tqdm is imported only then).

    >>> list(progress_bar([1, 2], 2, show=False))
    [1, 2]
    """
    if not show:
        return items
    from tqdm.auto import tqdm

    bar: Iterable[Any] = tqdm(items, total=total, desc=desc, unit=unit)
    return bar
