"""The Jinja2 environment every export renders through, the default layout and user templates.

Escaping is the environment's default, not the template's job: every ``{{ value }}`` that is not
already markdown (``Md``) goes through ``escape_markdown`` (``finalize``), ``|e`` and ``|join``
escape as markdown rather than HTML, and ``~`` concatenation yields plain text that is escaped as
a whole. Templates run sandboxed (no access to private attributes or mutation of data).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateSyntaxError,
    pass_environment,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat, Expr
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from briefing.article import read_text
from briefing.exporting.escape import Md, md, tag_name
from briefing.model import BriefingError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = "default.md.j2"
#: One group of the default layout, which it includes for each group.
GROUP_TEMPLATE = "group.md.j2"
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
#: A template larger than this is not a hand-written layout.
MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateProblem(Exception):
    """A user template that cannot be read, compiled or rendered; the message names the
    file and line."""


class _PlainConcat(CodeGenerator):
    """``a ~ b`` always joins as plain text, so the result is escaped as a whole on output
    (Jinja would otherwise HTML-escape the plain parts when one part is markup).

    And ``{{ value }}`` is written as ``finalize(value)`` alone: ``_finalize`` always returns
    safe markdown, which Jinja's own ``escape()`` around it would only copy again.
    """

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or finalize.src is None:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("str(" if not frame.eval_ctx.autoescape else "(")
        self.write(finalize.src)

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("str_join((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


def _finalize(value: Any) -> Markup:
    if value is None:
        return Md()
    return value if isinstance(value, Markup) else md(value)


def _paragraphs(text: Any) -> list[str]:
    """``text`` split at blank lines, for notes written in paragraphs."""
    if not text:
        return []
    return [part for part in _BLANK_LINE.split(str(text)) if part.strip()]


@pass_environment
def _join(
    environment: Environment, values: Iterable[Any], d: str = "", attribute: Any = None
) -> Md:
    if attribute is not None:
        values = (environment.getattr(value, attribute) for value in values)
    return md(d).join(values)


def _environment(folder: Path | None = None) -> Environment:
    """The environment; templates are looked up in ``folder`` (a user template's) first.

    A user's template runs sandboxed; the package's own default layout, which is trusted,
    runs without the sandbox's per-attribute checks (half the time of a large export).
    Escaping is the same either way.
    """
    search = [FileSystemLoader(folder)] if folder is not None else []
    kind = ImmutableSandboxedEnvironment if folder is not None else Environment
    env = kind(
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment lasts one export: no need to look at each template's time on every
        # render (the default layout imports ``items.md.j2`` once per group).
        auto_reload=False,
        loader=ChoiceLoader([*search, FileSystemLoader(TEMPLATES)]),
    )
    env.code_generator_class = _PlainConcat
    env.filters.update(
        e=md,
        escape=md,
        forceescape=md,
        md=md,
        join=_join,
        paragraphs=_paragraphs,
        tag=lambda text: Md(tag_name(str(text))),
    )
    return env


def load_template(path: Path | None = None) -> Template:
    """The default layout, or the user's template at ``path`` (which may include or import
    templates beside it, and ``items.md.j2`` / ``default.md.j2`` from the package)."""
    if path is None:
        return _environment().get_template(DEFAULT_TEMPLATE)
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateProblem(f"{path}: the template is too large ({size} bytes)")
        source = read_text(path)
    except OSError as exc:
        raise TemplateProblem(f"{path}: cannot read the template: {exc.strerror}") from None
    except BriefingError as exc:
        raise TemplateProblem(str(exc.problem)) from None
    env = _environment(path.parent)
    try:
        code = env.compile(source, name=path.name, filename=str(path))
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{path}:{exc.lineno}: template error: {exc.message}") from None
    return env.template_class.from_code(env, code, env.make_globals(None))


def group_writer(template: Template) -> Callable[[Any], str]:
    """How ``template``'s environment writes one group on its own: ``group.md.j2``, which the
    default layout includes for each of its groups (the group its only field)."""
    layout = template.environment.get_template(GROUP_TEMPLATE)
    return lambda group: layout.render(group=group)


#: Rendered output is handed on in pieces of about this many characters.
PIECE_SIZE = 1 << 16


def render(template: Template, context: dict[str, Any]) -> str:
    """Render with ``context``; any failure of a user template becomes a ``TemplateProblem``."""
    return "".join(render_pieces(template, context))


def render_pieces(template: Template, context: dict[str, Any]) -> Iterator[str]:
    """``render`` in pieces, so a large export need not be held whole; the last piece ends
    with a newline. A ``TemplateProblem`` may come after some pieces."""
    pending: list[str] = []
    size = 0
    last = ""
    try:
        for part in template.generate(context):
            if not part:
                continue
            pending.append(part)
            size += len(part)
            last = part
            if size >= PIECE_SIZE:
                yield "".join(pending)
                pending, size = [], 0
    except Exception as exc:  # a user template can fail in any way; report, never crash
        raise TemplateProblem(_where(template, exc)) from None
    if not last.endswith("\n"):
        pending.append("\n")
    yield "".join(pending)


def _where(template: Template, exc: BaseException) -> str:
    """``FILE:LINE: template error: message``, with the template line Jinja reports."""
    filename, line = template.filename or template.name or "template", None
    # Jinja rewrites the traceback so template frames carry the template's file and line.
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if not frame.f_code.co_filename.endswith(".py"):
            filename, line = frame.f_code.co_filename, lineno
    if isinstance(exc, TemplateSyntaxError):
        filename, line = exc.filename or filename, exc.lineno
    where = f"{filename}:{line}" if line else filename
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{where}: template error: {message}"
