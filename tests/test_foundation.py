from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.audit.models import AuditEvent
from pressroom.errors import ErrorCode, PressroomError
from tests.factories import make_brand


def test_sqlite_runs_in_wal_with_normal_sync(session: Session) -> None:
    assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    # 1 = NORMAL
    assert session.execute(text("PRAGMA synchronous")).scalar() == 1


def test_audit_log_refuses_updates_and_deletes(session: Session) -> None:
    brand = make_brand(session)
    event = audit.history(session, entity_type="brand", entity_id=brand.id)[0]
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("UPDATE audit_events SET actor='x' WHERE id=:id"), {"id": event.id})
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("DELETE FROM audit_events WHERE id=:id"), {"id": event.id})


def test_brand_upsert_is_idempotent_and_audited(session: Session) -> None:
    first = make_brand(session)
    again = make_brand(session)
    assert first.id == again.id
    changed = make_brand(session, name="Northwind Roasters")
    assert changed.name == "Northwind Roasters"
    actions = [e.action for e in audit.history(session, entity_type="brand", entity_id=first.id)]
    assert actions == ["created", "updated"]
    assert session.query(AuditEvent).count() == 2


def test_error_envelope_survives_pickling() -> None:
    import pickle

    error = PressroomError("boom", code=ErrorCode.FEED_EMPTY, hint="add items", retryable=True)
    clone = pickle.loads(pickle.dumps(error))
    assert clone.to_dict() == {
        "error": {"code": "FEED_EMPTY", "message": "boom", "retryable": True, "hint": "add items"}
    }


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("score_weights", {"vibes": 1.0}, "unknown score weight"),
        ("score_weights", {"safety": -1.0}, "must be finite"),
        ("score_weights", {"safety": 0.0}, "all be zero"),
        ("model", "gpt4", "is not builtin"),
        ("channels", ["myspace"], "unknown channel"),
        ("timezone", "Mars/Olympus", "unknown IANA timezone"),
        ("posting_slots", {"x": ["25:00"]}, "is not HH:MM"),
    ],
)
def test_a_bad_brand_file_is_refused_with_the_field_named(
    field: str, value: object, says: str
) -> None:
    from pressroom.brands import service as brands

    data = brands.demo_spec().model_dump()
    data[field] = value
    with pytest.raises(PressroomError) as caught:
        brands.parse_spec(data)
    assert caught.value.code == ErrorCode.INVALID_SCHEMA
    assert field in caught.value.message
    assert says in caught.value.message
