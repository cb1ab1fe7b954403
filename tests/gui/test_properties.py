"""The property panel, generated from the catalog: the right editor per attribute type, the
documented default as placeholder, reset to default, refused values shown with the reason and
never stored, rename, text, menu choices and nested items; each commit one undo step."""

from __future__ import annotations

import pytest
from gui_helpers import header_point
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from designer.gui import editing


def panel_widget(window, kind, name: str):
    widget = window.properties.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r} in the panel"
    return widget


def error_text(window, name: str) -> str:
    label = panel_widget(window, QLabel, f"error:{name}")
    return label.text() if label.isVisibleTo(window.properties) else ""


def type_into(qtbot, editor: QWidget, text: str) -> None:
    """Replace the editor's text the way a person does, then press Enter."""
    editor.setFocus()
    line = editor.lineEdit() if isinstance(editor, QSpinBox) else editor
    line.selectAll()
    qtbot.keyClicks(line, text) if text else qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClick(line, Qt.Key.Key_Return)


@pytest.fixture
def record(window):
    """A Record step, selected."""
    node_id = editing.add_verb(window.document, "Record", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    return node_id


def test_the_panel_has_one_editor_per_catalog_attribute_of_the_right_kind(window, record):
    element = window.document.catalog.element("Record")
    kinds = {"bool": QCheckBox, "int": QSpinBox, "enum": QComboBox, "string": QLineEdit,
             "url": QLineEdit}
    for spec in element.attributes:
        editor = panel_widget(window, QWidget, f"attr:{spec.name}")
        assert isinstance(editor, kinds[spec.type]), spec.name
        assert editor.accessibleName() == f"attr:{spec.name}"
        assert spec.help[:20] in editor.toolTip()
    spin = panel_widget(window, QSpinBox, "attr:maxLength")
    assert spin.lineEdit().placeholderText() == "60"  # the documented default
    assert spin.text() == ""  # not set: Plivo's default applies


def test_a_number_is_stored_and_undo_takes_it_back(qtbot, window, record):
    flow = window.document.flow
    spin = panel_widget(window, QSpinBox, "attr:maxLength")
    type_into(qtbot, spin, "120")
    assert flow.nodes[record].attributes["maxLength"] == 120
    assert window.document.undo_stack.count() == 2  # add + this edit
    window.actions_by_name["undo"].trigger()
    assert "maxLength" not in flow.nodes[record].attributes
    assert spin.text() == ""


def test_an_out_of_range_number_is_refused_with_a_message_and_not_stored(qtbot, window, record):
    flow = window.document.flow
    spin = panel_widget(window, QSpinBox, "attr:maxLength")
    type_into(qtbot, spin, "1")
    assert "maxLength" not in flow.nodes[record].attributes
    message = error_text(window, "maxLength")
    assert "Max length" in message and "at least 2" in message
    # The refused value stays visible for the user to correct; nothing was clamped.
    assert spin.text() == "1"
    assert spin.property("invalid")
    type_into(qtbot, spin, "30")
    assert flow.nodes[record].attributes["maxLength"] == 30
    assert error_text(window, "maxLength") == ""


def test_spin_arrows_stay_in_the_documented_range(window) -> None:
    node_id = editing.add_verb(window.document, "GetInput", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    spin = panel_widget(window, QSpinBox, "attr:executionTimeout")
    spin.stepBy(1)
    assert spin.value() == 16  # from the default, 15
    spin.stepBy(1000)
    assert spin.value() == 60
    spin.stepBy(-1000)
    assert spin.value() == 5


def test_a_bad_url_is_refused_and_a_good_one_stored(qtbot, window, record):
    flow = window.document.flow
    edit = panel_widget(window, QLineEdit, "attr:callbackUrl")
    type_into(qtbot, edit, "crm.example.com/voicemail")
    assert "callbackUrl" not in flow.nodes[record].attributes
    assert "full web address" in error_text(window, "callbackUrl")
    type_into(qtbot, edit, "https://crm.example.com/voicemail")
    assert flow.nodes[record].attributes["callbackUrl"] == "https://crm.example.com/voicemail"


def test_enumeration_checkbox_and_reset_to_default(qtbot, window, record):
    flow = window.document.flow
    combo = panel_widget(window, QComboBox, "attr:fileFormat")
    assert combo.itemText(0) == "Plivo default (mp3)"
    combo.setCurrentIndex(combo.findData("wav"))
    combo.activated.emit(combo.currentIndex())
    assert flow.nodes[record].attributes["fileFormat"] == "wav"
    box = panel_widget(window, QCheckBox, "attr:playBeep")
    assert box.isChecked()  # the default is true
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert flow.nodes[record].attributes["playBeep"] is False
    reset = panel_widget(window, QToolButton, "reset:playBeep")
    assert reset.isEnabled()
    qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
    assert "playBeep" not in flow.nodes[record].attributes
    assert box.isChecked() and not reset.isEnabled()


def test_rename_and_a_refused_name(qtbot, window, record):
    flow = window.document.flow
    edit = panel_widget(window, QLineEdit, "node-id")
    type_into(qtbot, edit, "Voice Mail")
    assert record in flow.nodes
    assert "not a valid step name" in error_text(window, "node-id")
    type_into(qtbot, edit, "start")
    assert "already exists" in error_text(window, "node-id")
    type_into(qtbot, edit, "voicemail")
    assert "voicemail" in flow.nodes and record not in flow.nodes
    assert window.scene.node_items["voicemail"].title == "voicemail"
    assert panel_widget(window, QLineEdit, "node-id").text() == "voicemail"


def test_text_of_a_speak_and_its_ssml_switch(qtbot, window):
    node_id = editing.add_verb(window.document, "Speak", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    flow = window.document.flow
    body = panel_widget(window, QPlainTextEdit, "body")
    body.setFocus()
    qtbot.keyClicks(body, "Hello & welcome")
    window.view.setFocus()  # leaving the box commits
    assert flow.nodes[node_id].text == "Hello & welcome"
    assert "Hello & welcome" in window.scene.node_items[node_id].summary
    switch = panel_widget(window, QCheckBox, "body-ssml")
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert flow.nodes[node_id].text is None
    assert flow.nodes[node_id].ssml == "Hello &amp; welcome"
    window.actions_by_name["undo"].trigger()
    assert flow.nodes[node_id].text == "Hello & welcome" and flow.nodes[node_id].ssml is None


def test_a_bad_phone_number_in_a_dial_is_refused(qtbot, window):
    node_id = editing.add_verb(window.document, "Dial", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    flow = window.document.flow
    add = panel_widget(window, QAction, "child-add:Number")
    add.trigger()
    assert [c.type for c in flow.nodes[node_id].children] == ["Number"]
    number = panel_widget(window, QLineEdit, "child-body")
    type_into(qtbot, number, "call sales")
    assert flow.nodes[node_id].children[0].text is None
    assert "digits" in panel_widget(window, QLabel, "child-error:body").text()
    type_into(qtbot, number, "+14155550100")
    assert flow.nodes[node_id].children[0].text == "+14155550100"
    add = panel_widget(window, QAction, "child-add:User")
    add.trigger()
    children = panel_widget(window, QListWidget, "children")
    assert children.count() == 2 and children.currentRow() == 1
    panel_widget(window, QToolButton, "child-up").click()
    assert [c.type for c in flow.nodes[node_id].children] == ["User", "Number"]
    panel_widget(window, QToolButton, "child-remove").click()
    assert [c.type for c in flow.nodes[node_id].children] == ["Number"]
    assert "+14155550100" in window.scene.node_items[node_id].summary


def test_child_attributes_are_edited_in_place(qtbot, window):
    node_id = editing.add_verb(window.document, "Dial", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    panel_widget(window, QAction, "child-add:Number").trigger()
    digits = panel_widget(window, QLineEdit, "child-attr:sendDigits")
    type_into(qtbot, digits, "ww123")
    assert window.document.flow.nodes[node_id].children[0].attributes == {"sendDigits": "ww123"}


def test_menu_choices_add_exits_and_duplicates_are_refused(qtbot, window):
    node_id = editing.add_verb(window.document, "GetDigits", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    flow = window.document.flow
    choices = panel_widget(window, QLineEdit, "choices")
    type_into(qtbot, choices, "1, 2, 3")
    assert flow.nodes[node_id].choices == ["1", "2", "3"]
    ports = [p.name for p in window.scene.node_items[node_id].ports]
    assert ports[:3] == ["1", "2", "3"]
    type_into(qtbot, choices, "1, 1")
    assert flow.nodes[node_id].choices == ["1", "2", "3"]
    assert "only once" in error_text(window, "choices")


def test_the_panel_follows_undo_of_an_edit_to_the_selected_step(qtbot, window, record):
    spin = panel_widget(window, QSpinBox, "attr:timeout")
    type_into(qtbot, spin, "9")
    assert spin.text() == "9"
    window.actions_by_name["undo"].trigger()
    assert spin.text() == ""
    window.actions_by_name["redo"].trigger()
    assert spin.text() == "9"


def test_no_selection_and_several_selected(window, record):
    window.scene.clearSelection()
    window._selection_settled()
    assert window.properties.findChild(QWidget, "attr:maxLength") is None
    editing.add_verb(window.document, "Wait", (600.0, 0.0))
    window.select_all()
    window._selection_settled()
    texts = [label.text() for label in window.properties.findChildren(QLabel)]
    assert "3 steps selected" in texts
    # Notes in the selection are counted too.
    from designer.gui.commands.notes import AddNote
    from designer.model import Note

    window.document.push(AddNote(window.document.flow, Note("note-1", "Hi", (0.0, 300.0))))
    window.select_all()
    window._selection_settled()
    texts = [label.text() for label in window.properties.findChildren(QLabel)]
    assert "3 steps and 1 note selected" in texts
    window.scene.select_only([], ["note-1"])
    window._selection_settled()
    texts = [label.text() for label in window.properties.findChildren(QLabel)]
    assert "1 note selected" in texts
    assert any(text.startswith("Double-click a note to edit its text.") for text in texts)


def test_double_clicking_a_card_puts_the_cursor_in_its_text(qtbot, window):
    node_id = editing.add_verb(window.document, "Speak", (300.0, 0.0))
    window.view.centerOn(window.scene.node_items[node_id].pos())
    point = header_point(window, node_id)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.scene.selected_node_ids() == [node_id]
    assert window.focusWidget() is panel_widget(window, QPlainTextEdit, "body")
