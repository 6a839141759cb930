"""The review gate: one durable workflow per piece that auto-approves when the brand's policy
and the score card allow it, and otherwise waits — for days if need be — for a person."""

from __future__ import annotations

import time
import uuid
from typing import Any

from dbos import DBOS, SetWorkflowID

from pressroom.review import steps as review
from pressroom.workflows import runtime
from pressroom.workflows.render import render_and_wait
from pressroom.writing import steps as writing

SETTLED = "settled"
DECISION_TOPIC = "review"


def review_gate_id(piece_id: str, round_number: int = 0) -> str:
    return f"review:{piece_id}" if round_number == 0 else f"review:{piece_id}:{round_number}"


def advance(
    *, piece_id: str, model: str, trace_id: str, refresh_run: bool = True
) -> dict[str, Any]:
    """Take a piece as far as it can go without a person: regenerate on a revision request,
    auto-approve when the brand's policy and the score card allow it, schedule an approved
    piece and publish it at once when it is due. Returns the settled state: ``scheduled``
    (with the job), ``stop`` (decided) or ``wait`` (for a person).

    A piece of a visual channel gets its media rendered (on the ``render`` queue) for each
    new version before anything is decided, so a person reviews it with its media.

    Called inline by the piece's writing workflow (no extra workflow for pieces that need
    nobody; ``refresh_run=False``, as the run derives its status once all pieces are in) and
    by the review gate after each decision, which may finish the run.
    """
    rendered: set[int] = set()
    while True:
        action = review.settle(piece_id=piece_id, trace_id=trace_id, refresh_run=refresh_run)
        if action["action"] == "revise":
            writing.revise_piece(
                piece_id=piece_id, model=model, feedback=action["feedback"], trace_id=trace_id
            )
        elif action["action"] == "render" and action["version"] not in rendered:
            # Once per version: a render leaves every asset registered or failed.
            rendered.add(action["version"])
            render_and_wait(piece_id=piece_id, version=action["version"], trace_id=trace_id)
        elif action["action"] == "render":
            return {"action": "wait", "status": action.get("status", ""), "media": "pending"}
        else:
            return action


@DBOS.workflow()
def review_gate(
    *, piece_id: str, model: str, trace_id: str, nonce: str | None = None, waiting: bool = False
) -> dict[str, Any]:
    """Wait durably for a person's decision, act on it, and wait again until the piece is
    scheduled or stopped. ``waiting``: the piece was just found to need a person.

    Every settled state is published as the ``settled`` event with the ``nonce`` of the
    decision that led to it, so whoever sent the decision can wait for its effect.
    """
    wait_seconds = runtime.app().settings.review_wait_days * 86400
    action: dict[str, Any] = {"action": "wait"}
    if not waiting:
        action = advance(piece_id=piece_id, model=model, trace_id=trace_id)
    while True:
        DBOS.set_event(SETTLED, {**action, "nonce": nonce})
        if action["action"] != "wait":
            return action
        message = DBOS.recv(DECISION_TOPIC, timeout_seconds=wait_seconds)
        if message is None:
            expired = {"action": "wait_expired", "nonce": nonce}
            DBOS.set_event(SETTLED, expired)
            return expired
        nonce = message.get("nonce")
        action = advance(piece_id=piece_id, model=model, trace_id=trace_id)


def notify_decision(
    piece_id: str, decision: str, *, model: str, trace_id: str, timeout_seconds: float = 60.0
) -> dict[str, Any] | None:
    """Tell the piece's waiting gate that a person decided (the decision is already committed
    by the review service) and wait until the gate has acted on it; returns the gate's new
    settled state (``None`` if it did not settle in time — it will, in the next process).

    Needs the engine running in this process (``runtime.launch``). When the piece's gate has
    ended (its wait expired), a new gate is started for the piece.
    """
    nonce = str(uuid.uuid4())
    round_number = 0
    while True:
        gate_id = review_gate_id(piece_id, round_number)
        status = DBOS.get_workflow_status(gate_id)
        if status is None:
            with SetWorkflowID(gate_id):
                DBOS.start_workflow(
                    review_gate, piece_id=piece_id, model=model, trace_id=trace_id, nonce=nonce
                )
            break
        if status.status in ("PENDING", "ENQUEUED"):
            DBOS.send(gate_id, {"decision": decision, "nonce": nonce}, topic=DECISION_TOPIC)
            break
        round_number += 1
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        event = DBOS.get_event(gate_id, SETTLED, timeout_seconds=0.5)
        if event is not None and event.get("nonce") == nonce:
            return dict(event)
        time.sleep(0.02)
    return None
