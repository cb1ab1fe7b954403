"""The Problems list and the XML preview follow the document: problems appear and go as the
flow changes (clicking one selects and centres its step; the status bar counts them), and the
preview shows the compiled document that holds the selected step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTreeWidget

from designer.gui import analysis, editing
from designer.gui.commands import Connect, SetAttribute, SetSsml, SetText


def rows(window) -> list[tuple[str, str]]:
    tree = window.findChild(QTreeWidget, "diagnostics")
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1))
            for i in range(tree.topLevelItemCount())]


def test_problems_are_listed_live_and_counted(qtbot, window) -> None:
    play = editing.add_verb(window.document, "Play", (300.0, 0.0))
    # The analysis runs once the user pauses, not on every change.
    qtbot.waitUntil(lambda: any(step == play for step, _ in rows(window)), timeout=3000)
    counts = window.findChild(QLabel, "statusCounts").text()
    assert "error" in counts
    window.document.push(SetText(window.document.flow, play, "https://cdn.example.com/a.mp3"))
    window.analyzer.run_now()
    assert all(step != play or "Audio file URL" not in text for step, text in rows(window))


def test_clicking_a_problem_selects_and_centres_its_step(qtbot, window) -> None:
    far = editing.add_verb(window.document, "Play", (3000.0, 2000.0))
    window.view.fit_flow()
    window.view.set_zoom(1.0)
    window.view.centerOn(0, 0)
    window.analyzer.run_now()
    tree = window.findChild(QTreeWidget, "diagnostics")
    row = next(i for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == far)
    rect = tree.visualItemRect(tree.topLevelItem(row))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selected_node_ids() == [far]
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.node_items[far].sceneBoundingRect().center())


def test_a_clean_flow_says_so(support_line) -> None:
    window = support_line
    window.analyzer.run_now()
    assert window.findChild(QLabel, "statusCounts").text() == "No problems"
    assert "No problems found" in rows(window)[0][0]


def test_preview_shows_the_document_of_the_selected_step(qtbot, support_line) -> None:
    window = support_line
    preview = window.findChild(QPlainTextEdit, "xmlPreview")
    window.reveal_node("menu")
    qtbot.waitUntil(lambda: "<GetDigits" in preview.toPlainText(), timeout=3000)
    text = preview.toPlainText()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "For sales press 1" in text
    assert preview.isReadOnly()
    window.reveal_node("welcome")
    qtbot.waitUntil(lambda: "Thanks for calling Acme." in preview.toPlainText(), timeout=3000)
    assert "answer.xml" in window.findChild(QLabel, "xmlPreviewCaption").text()


def test_preview_follows_edits_after_a_pause(qtbot, support_line) -> None:
    window = support_line
    preview = window.findChild(QPlainTextEdit, "xmlPreview")
    window.reveal_node("voicemail")
    qtbot.waitUntil(lambda: 'maxLength="120"' in preview.toPlainText(), timeout=3000)
    window.document.push(SetAttribute(window.document.flow, window.document.catalog,
                                      "voicemail", "maxLength", 90))
    qtbot.waitUntil(lambda: 'maxLength="90"' in preview.toPlainText(), timeout=3000)


def test_preview_of_a_flow_that_cannot_compile_says_why(qtbot, window) -> None:
    speak = editing.add_verb(window.document, "Speak", (300.0, 0.0))
    flow = window.document.flow
    window.document.push(Connect(flow, "start", "next", speak))
    window.document.push(SetSsml(flow, speak, "<break time='1s'>"))  # never closed
    window.reveal_node(speak)
    preview = window.findChild(QPlainTextEdit, "xmlPreview")
    qtbot.waitUntil(lambda: "cannot be produced" in preview.toPlainText(), timeout=3000)
    assert speak in preview.toPlainText()


def test_big_flows_are_checked_on_a_worker_and_stale_results_are_dropped(qtbot, window,
                                                                          monkeypatch) -> None:
    monkeypatch.setattr(analysis, "BACKGROUND_FROM", 1)
    play = editing.add_verb(window.document, "Play", (300.0, 0.0))
    window.analyzer.timer.stop()
    window.analyzer.run()  # on the worker, with the Play's URL still missing
    assert window.analyzer._pending is not None
    window.document.push(SetText(window.document.flow, play, "https://cdn.example.com/a.mp3"))
    qtbot.waitUntil(lambda: window.analyzer.analysed_revision == window.document.revision
                    and window.analyzer._pending is None, timeout=5000)
    # What is shown belongs to the flow as it is now, not to the copy checked first.
    assert not any(d.node == play and d.attribute is None and "Audio file URL" in d.message
                   for d in window.analyzer.diagnostics)
