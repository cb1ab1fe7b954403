"""New, Open, Save, Save As and Export bundle, with the questions they ask: save unsaved
changes first, where to put the file, and the reasons when something cannot be done. The
window supplies the dialogs, so tests can answer them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from designer.flowfile import FlowFileError
from designer.model.ids import slugify

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

FLOW_SUFFIX = ".ivrflow"
MAX_ERRORS_LISTED = 12


class FileActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.document = window.document

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded, or clean)."""
        self.window.commit_pending_edit()
        if not self.document.is_modified:
            return True
        answer = self.window.ask_unsaved()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> None:
        if self.maybe_save():
            self.document.new()
            self.window.show_status("New flow.")

    def open(self) -> None:
        if not self.maybe_save():
            return
        path = self.window.ask_open_path()
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        """Open `path`; a file that cannot be opened is explained and the current document
        stays as it was."""
        try:
            self.document.open(path)
        except FlowFileError as exc:
            self.window.show_error("Cannot open the flow", str(exc))
            return False
        self.window.show_status(f"Opened {Path(path).name}.")
        return True

    def save(self) -> bool:
        self.window.commit_pending_edit()
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        self.window.commit_pending_edit()
        suggested = self.document.path or Path.cwd() / (
            slugify(self.document.flow.name) + FLOW_SUFFIX
        )
        path = self.window.ask_save_path(str(suggested))
        if not path:
            return False
        target = Path(path)
        if target.suffix != FLOW_SUFFIX:
            target = target.with_name(target.name + FLOW_SUFFIX)
        return self._save_to(target)

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.window.show_error("Cannot save the flow",
                                   f"The flow could not be saved to {path}: {reason}. "
                                   "Nothing was changed on disk.")
            return False
        self.window.show_status(f"Saved {path.name}.")
        return True

    def export(self) -> bool:
        """Write the compiled bundle to a folder the user chooses; refused, with the list of
        errors, while the flow has errors."""
        from designer.commands.compile import extra_files, output_problem, write_failure
        from designer.compiler import CompileError, compile_flow, write_bundle

        self.window.commit_pending_edit()
        diagnostics = self.window.analyzer.run_now()
        errors = [d for d in diagnostics if d.severity == "error"]
        if errors:
            self.window.show_error("The flow has errors", errors_text(errors))
            return False
        directory = self.window.ask_export_dir()
        if not directory:
            return False
        output = Path(directory)
        problem = output_problem(output)
        if problem is None and (extra := extra_files(output)):
            # Exporting replaces the folder whole: never delete a person's own files.
            problem = (
                f"The folder {output} holds an earlier bundle and also files it does not list "
                f"({', '.join(extra[:5])}{' …' if len(extra) > 5 else ''}). Exporting would "
                "delete them: move them elsewhere, or choose another folder."
            )
        if problem:
            self.window.show_error("Cannot export here", problem)
            return False
        try:
            bundle = compile_flow(self.document.flow, self.document.catalog, check=True)
        except CompileError as exc:
            self.window.show_error("The flow has errors", errors_text(exc.diagnostics))
            return False
        try:
            write_bundle(bundle, output)
        except OSError as exc:
            self.window.show_error("Cannot export here", write_failure(output, exc))
            return False
        count = len(bundle.documents)
        note = (" It needs the designer's runtime (ivr-designer serve) for its menus."
                if bundle.needs_runtime else "")
        self.window.show_status(
            f"Exported {count} document{'s' if count != 1 else ''} and manifest.json to "
            f"{output}.{note}"
        )
        return True


def errors_text(diagnostics) -> str:
    errors = [d for d in diagnostics if d.severity == "error"]
    shown = errors[:MAX_ERRORS_LISTED]
    lines = [f"Fix {'this error' if len(errors) == 1 else f'these {len(errors)} errors'} "
             "before exporting; nothing was written:", ""]
    lines += [f"• {d.message}" for d in shown]
    if len(errors) > len(shown):
        lines.append(f"… and {len(errors) - len(shown)} more (see Problems).")
    return "\n".join(lines)
