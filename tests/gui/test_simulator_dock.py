"""The simulator dock: a call through the open flow, driven by its buttons; the transcript, the
buttons that fit where the call waits, the path on the canvas, Step back, Restart, following
edits, and a saved scenario that `ivr-designer test` replays."""

from __future__ import annotations

import json
import shutil

import pytest
from gui_helpers import SUPPORT_LINE, example
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox, QTextBrowser

from designer.cli import main as cli_main
from designer.gui.commands import MoveNodes, SetSsml, SetText
from designer.gui.theme import SIMULATION_COLOR

INPUT_BUTTONS = (
    "simKey1", "simKey0", "simKeyStar", "simKeyHash", "simSilence", "simHangup", "simSpeech",
    "simRecord", "simDialCompleted", "simDialBusy", "simDialNoAnswer", "simDialFailed",
    "simDialTimeout",
)


def button(window, name: str) -> QPushButton:
    found = window.simulator.findChild(QPushButton, name)
    assert found is not None, name
    return found


def click(qtbot, window, name: str) -> None:
    widget = button(window, name)
    assert widget.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def transcript(window) -> str:
    return window.simulator.findChild(QTextBrowser, "simTranscript").toPlainText()


def status(window) -> str:
    return window.simulator.findChild(QLabel, "simStatus").text()


def enabled(window) -> set[str]:
    return {name for name in INPUT_BUTTONS if button(window, name).isEnabled()}


def trace_states(window) -> dict[str, str]:
    return {node_id: item.trace_state for node_id, item in window.scene.node_items.items()
            if item.trace_state is not None}


def traced_links(window) -> set[tuple[str, str]]:
    return {key for key, item in window.scene.edge_items.items() if item.traced}


@pytest.fixture
def calling(support_line):
    """The support line with a call started from View → Simulator."""
    support_line.actions_by_name["simulator"].trigger()
    return support_line


def test_view_menu_opens_the_dock_and_starts_the_call(calling) -> None:
    window = calling
    dock = window.simulator
    assert dock.objectName() == "simulator" and dock.isVisible()
    assert window.actions_by_name["simulator"].isChecked()
    assert "Caller hears: Thanks for calling Acme." in transcript(window)
    assert "Caller hears: For sales press 1." in transcript(window)
    assert status(window) == "The call waits at menu: press keys, stay silent or hang up."
    # A menu waits for keys: the keypad, silence and hang-up fit; the dial outcomes do not.
    assert enabled(window) == {"simKey1", "simKey0", "simKeyStar", "simKeyHash",
                               "simSilence", "simHangup"}
    assert trace_states(window) == {"start": "visited", "welcome": "visited",
                                    "menu": "current"}
    assert traced_links(window) == {("start", "next"), ("welcome", "next")}
    assert not button(window, "simStart").isEnabled()
    assert not button(window, "simStepBack").isEnabled()


def test_press_1_then_dial_outcomes_step_back_and_restart(qtbot, calling) -> None:
    window = calling
    click(qtbot, window, "simKey1")  # a one-key menu answers at the first key
    assert window.simulator.session.inputs == ["1"]
    assert "Caller pressed 1" in transcript(window)
    assert "Choice 1: goes on at sales.xml" in transcript(window)
    assert enabled(window) == {"simDialCompleted", "simDialBusy", "simDialNoAnswer",
                               "simDialFailed", "simDialTimeout", "simHangup"}
    assert trace_states(window)["sales"] == "current"

    click(qtbot, window, "simDialBusy")
    text = transcript(window)
    assert "Dials +14155550100: busy" in text
    assert "Caller hears: Goodbye." in text
    assert "The call has ended." in text
    assert status(window).startswith("The call has ended: The call was hung up at step 'end'")
    assert enabled(window) == set()
    assert trace_states(window)["end"] == "current"
    assert trace_states(window)["sales"] == "visited"
    assert traced_links(window) == {("start", "next"), ("welcome", "next"), ("menu", "1"),
                                    ("sales", "next"), ("goodbye", "next")}

    click(qtbot, window, "simStepBack")
    assert window.simulator.session.inputs == ["1"]
    assert "busy" not in transcript(window)
    assert trace_states(window)["sales"] == "current"
    assert "goodbye" not in trace_states(window)

    click(qtbot, window, "simDialNoAnswer")
    assert "The outcome no-answer has its own branch: goes on at voicemail.xml" in (
        transcript(window))
    assert trace_states(window)["voicemail"] == "current"
    assert ("sales", "no-answer") in traced_links(window)
    assert "simRecord" in enabled(window) and "simKey1" not in enabled(window)
    window.simulator.findChild(QSpinBox, "simRecordSeconds").setValue(30)
    click(qtbot, window, "simRecord")
    assert "Caller speaks for 30 s" in transcript(window)
    assert window.simulator.session.inputs == ["1", "dial:no-answer", "record:30"]

    click(qtbot, window, "simRestart")
    assert window.simulator.session.inputs == []
    assert trace_states(window)["menu"] == "current"
    assert "Caller pressed" not in transcript(window)


def test_a_pin_is_collected_until_it_is_complete(qtbot, window) -> None:
    window.open_path(example("conference-line.ivrflow"))
    window.actions_by_name["simulator"].trigger()
    dock = window.simulator
    keys = dock.findChild(QLineEdit, "simPendingKeys")
    for key in "432":
        click(qtbot, window, f"simKey{key}")
    assert keys.text() == "432" and dock.session.inputs == []
    assert button(window, "simSendKeys").isEnabled()
    click(qtbot, window, "simKey1")  # the fourth digit completes the 4-digit PIN
    assert dock.session.inputs == ["4321"] and keys.text() == ""
    assert "Caller pressed 4321" in transcript(window)
    click(qtbot, window, "simStepBack")
    # Fewer keys, then the finish key #, also send the entry.
    for key in ("1", "2", "Hash"):
        click(qtbot, window, f"simKey{key}")
    assert dock.session.inputs == ["12#"]
    click(qtbot, window, "simStepBack")
    click(qtbot, window, "simKey9")
    click(qtbot, window, "simSendKeys")  # the caller stops typing: sent after digitTimeout
    assert dock.session.inputs == ["9"]
    assert "Caller pressed 9 (sent after" in transcript(window)


def test_an_input_that_does_not_fit_is_explained_and_changes_nothing(calling) -> None:
    dock = calling.simulator
    assert not dock.give("dial:busy")
    notice = dock.findChild(QLabel, "simNotice")
    assert "does not fit step 'menu'" in notice.text() and notice.isVisible()
    assert dock.session.inputs == []
    assert trace_states(calling)["menu"] == "current"


def test_speech_and_silence(qtbot, calling) -> None:
    window = calling
    dock = window.simulator
    assert not button(window, "simSpeech").isEnabled()  # a keypad menu takes no speech
    click(qtbot, window, "simSilence")
    assert "Caller presses nothing for 7 s" in transcript(window)
    assert trace_states(window)["goodbye"] == "visited"
    assert dock.session.result.ending.kind == "hangup"
    assert ("menu", "noinput") in traced_links(window)


def test_caller_hangs_up(qtbot, calling) -> None:
    click(qtbot, calling, "simHangup")
    assert "Caller hangs up." in transcript(calling)
    assert status(calling).startswith("The caller hung up")
    assert enabled(calling) == set()


def test_editing_the_flow_restarts_the_call_but_moving_a_card_does_not(qtbot, calling) -> None:
    window = calling
    dock = window.simulator
    click(qtbot, window, "simKey1")
    position = window.document.flow.layout["goodbye"]
    window.document.push(MoveNodes(window.document.flow,
                                   {"goodbye": (position, (position[0], position[1] + 40))}))
    qtbot.wait(400)
    assert dock.session.inputs == ["1"]
    window.document.push(SetText(window.document.flow, "welcome", "Hello from Acme."))
    qtbot.waitUntil(lambda: dock.session.inputs == [], timeout=3000)
    assert "Caller hears: Hello from Acme." in transcript(window)
    assert "The flow changed" in dock.findChild(QLabel, "simNotice").text()
    assert trace_states(window)["menu"] == "current"


def test_a_flow_that_cannot_be_compiled_shows_its_errors(qtbot, support_line) -> None:
    window = support_line
    window.document.push(SetSsml(window.document.flow, "welcome", 'Hi <break time="1s">'))
    window.actions_by_name["simulator"].trigger()
    dock = window.simulator
    assert dock.session is None
    assert status(window) == "The flow cannot be simulated yet."
    assert "welcome" in transcript(window) and "SSML" in transcript(window)
    assert button(window, "simStart").isEnabled() and enabled(window) == set()
    assert trace_states(window) == {}
    # Fixing the flow starts the call by itself.
    window.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: dock.session is not None, timeout=3000)
    assert trace_states(window)["menu"] == "current"


def test_transcript_links_select_the_step(calling) -> None:
    calling.simulator.findChild(QTextBrowser, "simTranscript").anchorClicked.emit(
        QUrl("node:welcome"))
    assert calling.scene.selected_node_ids() == ["welcome"]


def test_the_path_is_painted_and_cleared_when_the_dock_closes(qtbot, calling) -> None:
    window = calling

    def trace_pixels() -> int:
        window.view.viewport().update()
        qtbot.wait(20)
        image = window.view.viewport().grab().toImage()
        wanted = QColor(SIMULATION_COLOR)
        count = 0
        for x in range(0, image.width(), 2):
            for y in range(0, image.height(), 2):
                color = image.pixelColor(x, y)
                if (abs(color.red() - wanted.red()) < 30 and abs(color.green() - wanted.green())
                        < 30 and abs(color.blue() - wanted.blue()) < 30):
                    count += 1
        return count

    assert trace_pixels() > 20
    window.actions_by_name["simulator"].trigger()  # F5 again: closes the dock
    assert not window.simulator.isVisible() and window.simulator.session is None
    assert not window.actions_by_name["simulator"].isChecked()
    assert trace_states(window) == {} and traced_links(window) == set()
    assert trace_pixels() == 0


def test_opening_another_flow_ends_the_simulation(calling) -> None:
    window = calling
    window.open_path(example("voicemail.ivrflow"))
    assert window.simulator.session is None
    assert trace_states(window) == {}
    assert "Another flow is open" in window.simulator.findChild(QLabel, "simNotice").text()
    assert button(window, "simStart").isEnabled()


def test_saving_a_scenario_needs_a_saved_flow(qtbot, calling) -> None:
    window = calling
    window.document.push(SetText(window.document.flow, "welcome", "Hello."))
    qtbot.waitUntil(lambda: "Hello." in transcript(window), timeout=3000)
    assert not window.simulator.save_scenario()
    assert window.answers.errors and window.answers.errors[-1][0] == "Save the flow first"


def test_saved_scenario_passes_with_ivr_designer_test(qtbot, window, tmp_path, capsys) -> None:
    flow_path = tmp_path / "support-line.ivrflow"
    shutil.copy(SUPPORT_LINE, flow_path)
    assert window.open_path(flow_path)
    window.actions_by_name["simulator"].trigger()
    click(qtbot, window, "simKey1")
    click(qtbot, window, "simDialNoAnswer")
    click(qtbot, window, "simRecord")
    asked: list[str] = []

    def ask(suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "sales-away")

    window.ask_scenario_path = ask
    click(qtbot, window, "simSaveScenario")
    assert asked == [str(tmp_path / "support-line.1-dial-no-answer-record-10.scenario.json")]
    saved = tmp_path / "sales-away.scenario.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["flow"] == "support-line.ivrflow"
    assert data["inputs"] == ["1", "dial:no-answer", "record:10"]
    assert data["expect"] == {
        "exact_path": ["welcome", "menu", "sales", "voicemail", "goodbye", "end"],
        "ending": "hangup",
    }
    capsys.readouterr()
    assert cli_main(["test", str(flow_path)]) == 0
    out = capsys.readouterr().out
    assert "PASS" in out and "1 scenario: 1 passed" in out
    # The scenario really checks the path: after an edit that changes it, it fails.
    window.simulator.close()
    window.document.flow.disconnect("sales", "no-answer")
    window.document.save()
    assert cli_main(["test", str(flow_path)]) == 1


def test_the_keyboard_presses_the_keypad_when_the_panel_has_focus(qtbot, calling) -> None:
    window = calling
    window.activateWindow()
    silence = button(window, "simSilence")
    silence.setFocus()
    qtbot.waitUntil(silence.hasFocus, timeout=2000)
    qtbot.keyClick(silence, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: window.simulator.session.inputs == ["2"], timeout=2000)
    assert trace_states(window)["voicemail"] == "current"
