"""The simulator dock: play a call through the flow being edited, as the caller.

Start call compiles the document as it is now (unsaved edits included, checks off) and runs it
with `designer.simulator.session.Session`; every button adds one caller input and runs the call
again from the start (the simulation is a pure function of the inputs, so Step back simply
drops the last one). Only the buttons that fit the point where the call waits are enabled. The
transcript grows as the call runs, and the canvas shows the path (`FlowScene.set_trace`).

Keys: each key pressed is added to the entry field; the entry is sent by itself once it is
complete for the step that waits (its finishOnKey, e.g. #, or numDigits keys, so a one-key menu
answers at the first key and a 4-digit PIN after the fourth), or at once with Send keys (fewer
keys, as when the caller stops typing).

When the flow changes while a call is shown, the call starts again from the beginning a moment
later (the dock says so); opening another flow, or closing the dock, ends the simulation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QKeySequence, QPalette, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from designer.gui.simulator_text import (
    NODE_LINK,
    Colors,
    problem_html,
    status_text,
    transcript_html,
)
from designer.gui.theme import ERROR_COLOR, SIMULATION_COLOR

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow
    from designer.simulator.session import Session

DOCK_NAME = "simulator"
RESTART_DELAY_MS = 250
# Edits that cannot change what a caller experiences: no need to start the call again.
LAYOUT_ONLY = {"node-moved", "note-added", "note-removed", "note-changed", "flow-renamed"}

KEYPAD = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")
KEY_NAMES = {"*": "Star", "#": "Hash"}
DIAL_BUTTONS = (
    ("simDialCompleted", "Answered", "dial:completed",
     "The number answers; once that call is over the flow goes on (DialStatus completed)."),
    ("simDialBusy", "Busy", "dial:busy", "The number is busy."),
    ("simDialNoAnswer", "No answer", "dial:no-answer", "Nobody answers."),
    ("simDialFailed", "Failed", "dial:failed", "The call cannot be placed."),
    ("simDialTimeout", "Timed out", "dial:timeout", "The call is not connected in time."),
)


def key_button_name(key: str) -> str:
    return f"simKey{KEY_NAMES.get(key, key)}"


class SimulatorDock(QDockWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__("Simulator", window)
        self.setObjectName(DOCK_NAME)
        self.main = window
        self.document = window.document
        self.session: Session | None = None
        # The user started a call: the dock follows the flow's changes until it is stopped.
        self.running = False
        self.problem: tuple[str, list] | None = None
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.setInterval(RESTART_DELAY_MS)
        self._restart_timer.timeout.connect(self._restart_after_change)
        self.setWidget(self._build())
        self.document.changed.connect(self._on_change)
        self.document.replaced.connect(self._on_replaced)
        self._refresh()

    # -- building -----------------------------------------------------------------------------

    def _button(self, name: str, text: str, tip: str, handler) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: handler())
        self.buttons[name] = button
        return button

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "section")
        return label

    def _build(self) -> QWidget:
        self.buttons: dict[str, QPushButton] = {}
        body = QWidget()
        body.setObjectName("simulatorBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)

        top = QHBoxLayout()
        top.addWidget(self._button("simStart", "Start call", "Start a simulated call (F5)",
                                   self.start))
        top.addWidget(self._button("simStepBack", "Step back",
                                   "Take back the caller's last action", self.step_back))
        top.addWidget(self._button("simRestart", "Restart",
                                   "Start the call again from the beginning", self.restart))
        layout.addLayout(top)

        self.status = QLabel()
        self.status.setObjectName("simStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.status)
        self.notice = QLabel()
        self.notice.setObjectName("simNotice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "hint")
        layout.addWidget(self.notice)

        self.transcript = QTextBrowser()
        self.transcript.setObjectName("simTranscript")
        self.transcript.setAccessibleName("call transcript")
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._link_clicked)
        layout.addWidget(self.transcript, 1)

        layout.addWidget(self._section("The caller"))
        entry = QHBoxLayout()
        self.keys_field = QLineEdit()
        self.keys_field.setObjectName("simPendingKeys")
        self.keys_field.setPlaceholderText("Keys pressed")
        self.keys_field.setToolTip(
            "The keys pressed so far. They are sent when the step's finish key (usually #) "
            "or its number of digits is reached, or with Send keys.")
        self.keys_field.setValidator(QRegularExpressionValidator(r"[0-9*#]*"))
        self.keys_field.textEdited.connect(self._keys_edited)
        self.keys_field.returnPressed.connect(self.send_keys)
        entry.addWidget(self.keys_field, 1)
        entry.addWidget(self._button("simSendKeys", "Send keys",
                                     "Send the keys pressed so far (Enter)", self.send_keys))
        layout.addLayout(entry)

        pad = QGridLayout()
        pad.setSpacing(4)
        for index, key in enumerate(KEYPAD):
            button = self._button(key_button_name(key), key, f"The caller presses {key}",
                                  lambda k=key: self.press(k))
            button.setMinimumWidth(38)
            pad.addWidget(button, index // 3, index % 3)
            shortcut = QShortcut(QKeySequence(key), body)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.animateClick)
        pad.addWidget(self._button(
            "simSilence", "Silence",
            "The caller does nothing: a menu times out, a recording stops, a conference ends",
            lambda: self.give("silence")), 0, 3)
        pad.addWidget(self._button("simHangup", "Caller hangs up",
                                   "The caller hangs up here", lambda: self.give("hangup")),
                      1, 3)
        pad.setColumnStretch(3, 1)
        layout.addLayout(pad)

        speech = QHBoxLayout()
        self.speech_text = QLineEdit()
        self.speech_text.setObjectName("simSpeechText")
        self.speech_text.setPlaceholderText("Words the caller says")
        self.speech_text.returnPressed.connect(self.say)
        self.speech_text.textChanged.connect(lambda _text: self._refresh_controls())
        speech.addWidget(self.speech_text, 1)
        speech.addWidget(self._button("simSpeech", "Say", "The caller says these words",
                                      self.say))
        layout.addLayout(speech)

        record = QHBoxLayout()
        self.record_seconds = QSpinBox()
        self.record_seconds.setObjectName("simRecordSeconds")
        self.record_seconds.setRange(1, 3600)
        self.record_seconds.setValue(10)
        self.record_seconds.setSuffix(" s")
        self.record_seconds.setToolTip("How long the caller speaks into the recording")
        record.addWidget(self.record_seconds)
        record.addWidget(self._button("simRecord", "Speak into the recording",
                                      "The caller speaks this long, then the recording ends",
                                      self.record), 1)
        layout.addLayout(record)

        layout.addWidget(self._section("The number dialled"))
        dial = QGridLayout()
        dial.setSpacing(4)
        for index, (name, text, token, tip) in enumerate(DIAL_BUTTONS):
            dial.addWidget(self._button(name, text, tip, lambda t=token: self.give(t)),
                           index // 3, index % 3)
        layout.addLayout(dial)

        layout.addWidget(self._button(
            "simSaveScenario", "Save as scenario…",
            "Save this call as a scenario file that `ivr-designer test` replays",
            self.save_scenario))
        return body

    # -- the call -----------------------------------------------------------------------------

    def start(self) -> None:
        """Compile the flow as it is now and start a call."""
        self.main.commit_pending_edit()
        self.running = True
        self._restart_timer.stop()
        self._compile_and_run()
        self._say_flow_errors()

    def _compile_and_run(self) -> bool:
        from designer.simulator.session import CompileProblem, Session, compile_for_simulation

        self.keys_field.clear()
        try:
            bundle = compile_for_simulation(self.document.flow, self.document.catalog)
        except CompileProblem as exc:
            self.session, self.problem = None, (str(exc), exc.errors)
            self._refresh()
            return False
        self.session, self.problem = Session(bundle, self.document.catalog), None
        self._refresh()
        return True

    def _say_flow_errors(self) -> None:
        if self.session is None:
            return
        self.main.analyzer.run_now()
        errors = self.main.analyzer.error_count
        self._notice(
            f"The flow has {errors} error{'s' if errors != 1 else ''} (see Problems): the call "
            "follows the XML as it would be written now." if errors else "")

    def restart(self) -> None:
        if self.session is None:
            self.start()
            return
        self.keys_field.clear()
        self.session.restart()
        self._notice("")
        self._refresh()

    def stop(self) -> None:
        """End the simulation: nothing shown, nothing drawn on the canvas."""
        self.running = False
        self._restart_timer.stop()
        self.session, self.problem = None, None
        self.keys_field.clear()
        self._refresh()

    def step_back(self) -> None:
        if self.session is not None and self.session.step_back():
            self.keys_field.clear()
            self._notice("")
            self._refresh()

    def give(self, token: str) -> bool:
        """The caller does `token`; a token that does not fit is explained, the call stays."""
        if self.session is None:
            return False
        refused = self.session.give(token)
        self._notice(refused or "")
        if refused is None:
            self.keys_field.clear()
        self._refresh()
        return refused is None

    def press(self, key: str) -> None:
        """A keypad key: added to the entry, which is sent once it is complete."""
        self.keys_field.setText(self.keys_field.text() + key)
        self._keys_edited(self.keys_field.text())

    def _keys_edited(self, text: str) -> None:
        entry = self.session.key_entry() if self.session is not None else None
        if entry is not None and entry.complete(text):
            self.give(text)
        else:
            self._refresh_controls()

    def send_keys(self) -> None:
        if self.keys_field.text():
            self.give(self.keys_field.text())

    def say(self) -> None:
        words = " ".join(self.speech_text.text().split())
        if words and self.give(f"speech:{words}"):
            self.speech_text.clear()

    def record(self) -> None:
        self.give(f"record:{self.record_seconds.value()}")

    # -- following the document ---------------------------------------------------------------

    def _on_change(self, change) -> None:
        if self.running and change.kind not in LAYOUT_ONLY:
            self._restart_timer.start()

    def _restart_after_change(self) -> None:
        if not self.running:
            return
        if self._compile_and_run():
            self._notice("The flow changed, so the call started again from the beginning.")

    def _on_replaced(self) -> None:
        if self.running or self.session is not None:
            self.stop()
            self._notice("Another flow is open now: start a call to simulate it.")

    def closeEvent(self, event) -> None:
        self.stop()
        self._notice("")
        super().closeEvent(event)

    # -- showing ------------------------------------------------------------------------------

    def _notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _colors(self) -> Colors:
        palette = self.palette()
        return Colors(
            text=palette.color(QPalette.ColorRole.Text).name(),
            muted=palette.color(QPalette.ColorRole.PlaceholderText).name(),
            caller=palette.color(QPalette.ColorRole.Link).name(),
            ended=palette.color(QPalette.ColorRole.Text).name(),
            waiting=SIMULATION_COLOR,
            error=ERROR_COLOR,
        )

    def _refresh(self) -> None:
        session = self.session
        colors = self._colors()
        if self.problem is not None:
            message, errors = self.problem
            self.status.setText("The flow cannot be simulated yet.")
            self.transcript.setHtml(problem_html(message, errors, colors))
        elif session is None:
            self.status.setText("No call yet.")
            self.transcript.setHtml(transcript_html(None, None, colors))
        else:
            self.status.setText(status_text(session.result, session.error))
            self.transcript.setHtml(transcript_html(session.result, session.error, colors))
            bar = self.transcript.verticalScrollBar()
            bar.setValue(bar.maximum())
        self._refresh_controls()
        self._show_trace()

    def _refresh_controls(self) -> None:
        session = self.session
        expects = session.expects if session is not None else ()
        entry = session.key_entry() if session is not None else None
        enabled = {
            "simStart": session is None,
            "simRestart": session is not None,
            "simStepBack": bool(session and session.inputs),
            "simSaveScenario": bool(session and session.result and session.result.ending),
            "simSendKeys": entry is not None and bool(self.keys_field.text()),
            "simSilence": "silence" in expects,
            "simHangup": "hangup" in expects,
            "simSpeech": "speech" in expects and bool(self.speech_text.text().strip()),
            "simRecord": "record" in expects,
        }
        for key in KEYPAD:
            enabled[key_button_name(key)] = entry is not None and key in entry.keys
        for name, _text, _token, _tip in DIAL_BUTTONS:
            enabled[name] = "dial" in expects
        for name, on in enabled.items():
            self.buttons[name].setEnabled(on)
        self.keys_field.setEnabled(entry is not None)
        self.speech_text.setEnabled("speech" in expects)
        self.record_seconds.setEnabled("record" in expects)

    def _show_trace(self) -> None:
        scene = self.main.scene
        if self.session is None:
            scene.set_trace((), None, ())
            return
        trace = self.session.trace(self.document.flow)
        scene.set_trace(trace.visited, trace.current, trace.edges)
        item = scene.node_items.get(trace.current) if trace.current else None
        if item is not None and self.isVisible():
            self.main.view.ensureVisible(item.sceneBoundingRect(), 40, 40)

    def _link_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith(NODE_LINK):
            self.main.reveal_node(text[len(NODE_LINK):])

    # -- saving -------------------------------------------------------------------------------

    def save_scenario(self) -> bool:
        """Save this call as a scenario beside the flow: its inputs, its whole path and how it
        ends. The flow must be saved: the scenario names the file and replays what is in it."""
        from designer.simulator.scenario import SUFFIX, save_scenario
        from designer.simulator.session import scenario_file_name

        session = self.session
        if session is None or session.result is None or session.result.ending is None:
            return False
        self.main.commit_pending_edit()
        flow_path = self.document.path
        if flow_path is None or self.document.is_modified:
            self.main.show_error(
                "Save the flow first",
                "A scenario names the flow file it tests and replays what is saved in it. "
                "Save the flow (Ctrl+S), then save the scenario.")
            return False
        suggested = flow_path.parent / scenario_file_name(flow_path, session.inputs)
        answer = self.main.ask_scenario_path(str(suggested))
        if not answer:
            return False
        target = Path(answer)
        if not target.name.endswith(SUFFIX):
            target = target.with_name(target.name.removesuffix(".json") + SUFFIX)
        scenario = session.scenario(flow_path, target)
        try:
            save_scenario(scenario, target)
        except OSError as exc:
            self.main.show_error(
                "Cannot save the scenario",
                f"The scenario could not be saved to {target}: {exc.strerror or exc}. "
                "Nothing was written.")
            return False
        self.main.show_status(
            f"Saved {target.name}. `ivr-designer test {flow_path.name}` replays it.")
        return True


def toggle_simulator(window: MainWindow) -> None:
    """View → Simulator (F5): show the dock and start a call; when a call is shown, close it."""
    dock: SimulatorDock = window.simulator
    if dock.isVisible() and dock.running:
        dock.close()
    else:
        dock.show()
        dock.raise_()
        if not dock.running:
            dock.start()
    action = window.actions_by_name.get("simulator")
    if action is not None:
        action.setChecked(not dock.isHidden())


def install_simulator(window: MainWindow) -> SimulatorDock:
    """Add the (hidden) dock beside the property panel, and keep View → Simulator's check
    mark in step with it."""
    dock = SimulatorDock(window)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    properties = window.docks.get("propertiesDock")
    if properties is not None:
        window.tabifyDockWidget(properties, dock)
        properties.raise_()
    dock.hide()
    window.simulator = dock
    action = window.actions_by_name.get("simulator")
    if action is not None:
        action.setCheckable(True)
        dock.toggleViewAction().toggled.connect(action.setChecked)
        action.setChecked(False)
    return dock
