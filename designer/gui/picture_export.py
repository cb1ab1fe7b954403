"""File → Export picture… (the whole flow) and Export selection as picture… (the selected
steps and the links between them): asks where, then writes an SVG, PNG or PDF chosen by the
file's extension (drawing in `designer.gui.picture`). The window supplies the question, so
tests can answer it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from designer.gui.picture import PictureError, picture_format, write_picture
from designer.model.ids import slugify

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

FILTERS = {
    "SVG picture (*.svg)": ".svg",
    "PNG image (*.png)": ".png",
    "PDF document (*.pdf)": ".pdf",
}


class PictureExport:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.last_suffix = ".svg"

    def export(self, selection_only: bool = False) -> bool:
        window = self.window
        window.commit_pending_edit()
        node_ids = None
        if selection_only:
            node_ids = window.scene.selected_node_ids()
            if not node_ids:
                window.show_status("Select the steps to put in the picture first.")
                return False
        document = window.document
        folder = document.path.parent if document.path is not None else Path.cwd()
        stem = document.path.stem if document.path is not None else slugify(
            document.flow.name)
        suffix = "-selection" if selection_only else ""
        chosen = window.ask_picture_path(str(folder / f"{stem}{suffix}{self.last_suffix}"))
        if not chosen:
            return False
        path = Path(chosen)
        try:
            picture_format(path)
            picture = write_picture(window.scene, path, node_ids, document.flow.name)
        except PictureError as exc:
            window.show_status(f"No picture was exported: {exc}")
            window.show_error("Cannot export the picture", str(exc))
            return False
        except OSError as exc:
            why = (f"The picture could not be written to {path}: {exc.strerror or exc}. "
                   "Nothing was changed there.")
            window.show_status(f"No picture was exported. {why}")
            window.show_error("Cannot export the picture", why)
            return False
        self.last_suffix = path.suffix.lower()
        what = (f"{len(node_ids)} selected step{'s' if len(node_ids) != 1 else ''}"
                if node_ids else "the flow")
        window.show_status(f"Exported a picture of {what} to {path} ({picture.format}).")
        return True


def ask_picture_path(window: MainWindow, suggested: str) -> str | None:
    """The save dialog; a name without an extension gets the chosen type's."""
    suffix = Path(suggested).suffix.lower()
    preferred = next((f for f, s in FILTERS.items() if s == suffix), next(iter(FILTERS)))
    path, chosen_filter = QFileDialog.getSaveFileName(
        window, "Export a picture of the flow", suggested, ";;".join(FILTERS), preferred)
    if not path:
        return None
    if not Path(path).suffix:
        path += FILTERS.get(chosen_filter, ".svg")
    return path
